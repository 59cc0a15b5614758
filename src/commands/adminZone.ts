// The time zone dates are shown and typed in: the signed-in user's own in Workfront (what Workfront's screens
// show them), else this computer's. Export and scheduling use the same one and always name it.
import type { InstanceModel } from '../tree/instanceModel';
import { describeError, isCancellation } from '../util/errorMessages';
import { localTimeZone, usableTimeZone } from '../util/timeZone';
import type { Services } from './services';

export interface AdminZone {
  readonly name: string;
  /** From the signed-in user's Workfront profile (else this computer's zone). */
  readonly fromWorkfront: boolean;
}

/**
 * The signed-in user's time zone in Workfront when dates can be written in it, else this computer's.
 * Reading it is worth one request; when that fails, dates are shown in the local zone (the log
 * says why).
 */
export async function adminTimeZone(svc: Services, model: InstanceModel, signal?: AbortSignal): Promise<AdminZone> {
  const local = localTimeZone();
  let theirs: string | null;
  try {
    theirs = await model.call((client) => client.myTimeZone(signal));
  } catch (err) {
    if (isCancellation(err)) throw err;
    svc.log.warn(
      `${model.instance.host}: could not read your time zone in Workfront (${describeError(err)}); dates are shown in ${local}.`,
    );
    return { name: local, fromWorkfront: false };
  }
  const usable = usableTimeZone(theirs);
  if (usable) return { name: usable, fromWorkfront: true };
  svc.log.info(
    theirs === null
      ? `${model.instance.host}: you have no time zone in Workfront; dates are shown in ${local}.`
      : `${model.instance.host}: your Workfront time zone ${JSON.stringify(theirs.slice(0, 100))} is not one dates can be written in here; dates are shown in ${local}.`,
  );
  return { name: local, fromWorkfront: false };
}
