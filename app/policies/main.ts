/*
| Staff policies, one per resource. Bouncer is initialised with the staff guard's user
| (see initialize_bouncer_middleware): members are never authorised through Bouncer,
| their data is always reached through their own member record.
*/
export const policies = {
  ImportPolicy: () => import('#policies/import_policy'),
}
