// The key nginx hashes a request on (dev/nginx/nginx.conf.template): the user its bearer token is
// for, the `sub` claim of the token's payload, so every device and every token of one user lands on
// the same node. Nothing is verified here, Perch verifies every token: a forged `sub` only picks
// which node refuses it. No token, or one that does not decode, gives '' and nginx then picks a node
// round-robin (Perch answers 401).
function user(r) {
  const authorization = r.headersIn.Authorization || '';
  const token = /^bearer +[A-Za-z0-9_-]+\.([A-Za-z0-9_-]+)\.[A-Za-z0-9_-]*$/i.exec(authorization);
  if (token === null) {
    return '';
  }
  try {
    const claims = JSON.parse(Buffer.from(token[1], 'base64url').toString());
    return typeof claims.sub === 'string' ? claims.sub : '';
  } catch (e) {
    return '';
  }
}

export default { user };
