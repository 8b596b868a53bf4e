// A client-side app: the backend serves the built files and answers /api.
export const ssr = false;
export const prerender = false;
