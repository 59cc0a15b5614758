// What the extension uses of a Workfront client, so that the model and the commands can be built with a
// fake one in unit tests (the real one is WorkfrontClient).
import type { WorkfrontClient } from './client';

export type WorkfrontApi = Pick<
  WorkfrontClient,
  | 'instance'
  | 'whoAmI'
  | 'countUsers'
  | 'searchUsers'
  | 'listUsers'
  | 'listUsersByName'
  | 'firstUsersByName'
  | 'getUsers'
  | 'myTimeZone'
  | 'getUser'
  | 'getUserDetails'
  | 'setActive'
  | 'setScheduledDeactivation'
  | 'licenseTypes'
  | 'setLicenseType'
  | 'work'
  | 'dispose'
>;
