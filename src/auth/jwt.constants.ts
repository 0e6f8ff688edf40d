/** Pinned: a token signed with anything else (including `alg: none`) is rejected. */
export const JWT_ALGORITHM = 'HS256';
export const JWT_ISSUER = 'agented';
