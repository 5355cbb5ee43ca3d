// @actions/core reaches @actions/http-client (and undici, ~800 KB) only for getIDToken (OIDC),
// which Preflight never calls. The bundle gets this stub instead, so an action starts fast.
export class HttpClient {
  constructor() {
    throw new Error('@actions/http-client is not bundled with Preflight');
  }
}
export class BearerCredentialHandler {}
