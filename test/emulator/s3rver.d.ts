// s3rver ships no types; this covers the part the emulator uses.
declare module "s3rver" {
  import type { Readable } from "node:stream";

  interface S3rverOptions {
    address?: string;
    port?: number;
    silent?: boolean;
    directory?: string;
    resetOnClose?: boolean;
    vhostBuckets?: boolean;
    configureBuckets?: { name: string; configs?: (string | Buffer)[] }[];
  }

  interface StoredObject {
    key: string;
    readonly size: number;
    content: Readable | null;
  }

  interface FilesystemStore {
    listObjects(bucket: string, options: { prefix?: string }): Promise<{ objects: StoredObject[] }>;
    getObject(bucket: string, key: string): Promise<StoredObject | null>;
  }

  export default class S3rver {
    constructor(options?: S3rverOptions);
    run(): Promise<{ address: string; port: number }>;
    close(): Promise<void>;
    readonly store: FilesystemStore;
  }
}
