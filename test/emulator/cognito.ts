// A Cognito InitiateAuth endpoint (USER_PASSWORD_AUTH, REFRESH_TOKEN_AUTH) answering like
// cognito-idp.<region>.amazonaws.com: errors are 400 with {__type, message}.
import { readJson, isObject, MIB } from "./http-util";
import { route, type Reply, type Route, type RouteContext } from "./router";

const AMZ_JSON = "application/x-amz-json-1.1";

function fail(type: string, message: string): Reply {
  return {
    status: 400,
    json: { __type: type, message },
    headers: { "Content-Type": AMZ_JSON, "x-amzn-ErrorType": type },
  };
}

async function initiateAuth(ctx: RouteContext): Promise<Reply> {
  const { req, services } = ctx;
  if (req.headers["x-amz-target"] !== "AWSCognitoIdentityProviderService.InitiateAuth")
    return fail("UnknownOperationException", "Only AWSCognitoIdentityProviderService.InitiateAuth is emulated");
  if (!String(req.headers["content-type"]).startsWith(AMZ_JSON))
    return fail("SerializationException", `Content-Type must be ${AMZ_JSON}`);
  const { value: body } = await readJson(req, MIB);
  if (!isObject(body) || !isObject(body.AuthParameters))
    return fail("InvalidParameterException", "Missing AuthParameters");
  const flow = body.AuthFlow;
  const clientId = String(body.ClientId);
  const params = body.AuthParameters;
  const { userPool, tokenPool } = services.cognito;
  if (clientId !== tokenPool.appClientId && clientId !== userPool.appClientId)
    return fail("ResourceNotFoundException", `User pool client ${clientId} does not exist.`);
  let result;
  if (flow === "USER_PASSWORD_AUTH") {
    const user = services.state.users.find((u) => u.apiKey === params.USERNAME);
    if (!user || user.apiSecret !== params.PASSWORD)
      return fail("NotAuthorizedException", "Incorrect username or password.");
    result = services.tokens.login(user.apiKey, clientId);
  } else if (flow === "REFRESH_TOKEN_AUTH") {
    if (typeof params.REFRESH_TOKEN !== "string") return fail("InvalidParameterException", "Missing REFRESH_TOKEN");
    const device = typeof params.DEVICE_KEY === "string" ? params.DEVICE_KEY : undefined;
    result = services.tokens.refresh(params.REFRESH_TOKEN, clientId, device);
    if (typeof result === "string") return fail("NotAuthorizedException", result);
  } else {
    return fail("InvalidParameterException", `Unsupported AuthFlow ${String(flow)}`);
  }
  return { json: { AuthenticationResult: result, ChallengeParameters: {} }, headers: { "Content-Type": AMZ_JSON } };
}

/** Cognito posts to the root of its host; `path` is where the emulator mounts that root. */
export function cognitoRoutes(path: string): Route[] {
  const bare = path.replace(/\/+$/, "");
  return [route("POST", `${bare}/`, false, initiateAuth), route("POST", bare || "/", false, initiateAuth)];
}
