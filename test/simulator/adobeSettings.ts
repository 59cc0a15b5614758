// How the demo and the tests reach the simulator's Adobe-hosted mode the way a user would reach Adobe: an
// experience.adobe.com address to paste, and user settings (which no workspace can change) sending the
// API host and the IMS token requests to the simulator on 127.0.0.1.
import type { Simulator } from './types';

/** The organisation the address names: API host `<domain>.my.workfront.adobe.com`. */
export const ADOBE_DOMAIN = 'acme';
export const ADOBE_COMPANY = 'acmecorp';

export interface AdobeHosted {
  /** What an admin copies from the browser. */
  readonly address: string;
  /** The API host the address stands for (the credential is stored under it). */
  readonly host: string;
  /** User settings: `workfront.localApiAddresses` and `workfront.imsEndpoint`. */
  readonly settings: Readonly<Record<string, unknown>>;
}

export function adobeHosted(sim: Pick<Simulator, 'url'>, domain = ADOBE_DOMAIN): AdobeHosted {
  const host = `${domain}.my.workfront.adobe.com`;
  return {
    address: `https://experience.adobe.com/#/@${ADOBE_COMPANY}/so:${domain}-Production/workfront/home`,
    host,
    settings: { 'workfront.localApiAddresses': { [host]: sim.url }, 'workfront.imsEndpoint': sim.url },
  };
}
