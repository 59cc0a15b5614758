// experience.adobe.com addresses: what an admin of an Adobe-hosted organisation copies from the browser
// (`https://experience.adobe.com/#/@<company>/so:<domain>-<environment>/workfront/...`), and the links
// back to a user's page there. Adobe docs: "Change the password for an auto-provisioned user" (URL
// shape); "Locate your domain for API calls" (API host `<domain>.my.workfront.adobe.com`).
import { WorkfrontError } from './errors';

export const EXPERIENCE_HOST = 'experience.adobe.com';

/** The parts of an experience.adobe.com address that name one Workfront organisation. */
export interface ExperienceTenant {
  /** The IMS company in `#/@<company>/`, as the URL spells it. */
  readonly company: string;
  /** `<domain>-<environment>` after `so:`, as the URL spells it (links repeat it). */
  readonly tenant: string;
  /** The Workfront domain, lower case: the API host is `<domain>.my.workfront.adobe.com`. */
  readonly domain: string;
  /** `Production`, or another environment whose API host Adobe does not document. */
  readonly environment: string;
}

const COMPANY = /^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/;
const TENANT = /^([A-Za-z0-9][A-Za-z0-9-]{0,62})-([A-Za-z0-9]{1,30})$/;

function refuse(why: string): never {
  throw new WorkfrontError('address', `This experience.adobe.com address cannot be used: ${why}`, {
    operation: 'Read the Workfront address',
  });
}

/**
 * The organisation an experience.adobe.com address names; undefined when the input is not such an
 * address at all (then it is read as a Workfront address). Only `https://experience.adobe.com` itself
 * counts: a look-alike host (`experience.adobe.com.example.net`, `experience-adobe.com`) is not one.
 */
export function parseExperienceAddress(input: string): ExperienceTenant | undefined {
  if (!/^https?:\/\/experience\.adobe\.com(?=[/:?#]|$)/i.test(input)) return undefined;
  let url: URL;
  try {
    url = new URL(input);
  } catch {
    return refuse('it is not a valid address.');
  }
  if (url.protocol !== 'https:' || url.username || url.password || url.port || url.hostname !== EXPERIENCE_HOST)
    refuse('only https://experience.adobe.com/… as copied from the browser is accepted.');
  const parts = url.hash.replace(/^#\/?/, '').split('/');
  const company = parts[0]?.startsWith('@') ? decodeURIComponent(parts[0].slice(1)) : '';
  const so = parts[1]?.startsWith('so:') ? parts[1].slice(3) : '';
  const tenant = TENANT.exec(so);
  if (!COMPANY.test(company) || !tenant)
    refuse(
      'it does not name an organisation ("#/@<company>/so:<domain>-<environment>/workfront/…"). Copy the address while Workfront is open.',
    );
  return { company, tenant: so, domain: tenant[1].toLowerCase(), environment: tenant[2] };
}

/** The experience.adobe.com page of a user: Workfront's documented `/user/<ID>/details` under the tenant. */
export function experienceUserLink(tenant: Pick<ExperienceTenant, 'company' | 'tenant'>, userId: string): string {
  return `https://${EXPERIENCE_HOST}/#/@${encodeURIComponent(tenant.company)}/so:${tenant.tenant}/workfront/user/${encodeURIComponent(userId)}/details`;
}

/** Whether a value read back from storage or a setting is a usable company and tenant. */
export function isExperienceTenant(company: unknown, tenant: unknown): boolean {
  return typeof company === 'string' && COMPANY.test(company) && typeof tenant === 'string' && TENANT.test(tenant);
}
