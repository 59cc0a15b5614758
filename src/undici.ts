// The entry point of dist/undici.js: undici on its own, loaded on the first request (see esbuild.js).
export { Agent, ProxyAgent } from 'undici';
