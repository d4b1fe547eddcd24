// The post-mortems every rule traces to (../shared/postmortems/ in the project's workspace).
// May not: read files.

export const INCIDENTS = {
  '000_83f7ee5d5d972611.txt': {
    title: 'Prow, 2019-02-05: job pods created in a namespace without their Secrets; 415 jobs stuck',
    family: 'REF',
  },
  '001_0b63582c15cd42ee.txt': {
    title: 'Prow, 2019-01-23: config valid for the new code crashed the deployed hook; webhooks failed for hours',
    family: 'CFG',
  },
  '002_0fddb103a2359b4c.txt': {
    title: 'Toolforge, 2018-12-04: a DNS name and floating IPs removed while still in use',
    family: 'DEP',
  },
  '003_157caf4844598117.txt': {
    title: 'EDGI web-monitoring, 2018-10-10: pods without requests or limits took down node after node',
    family: 'RES',
  },
  '004_9c9fa493a712a226.txt': {
    title: 'Toolforge builds-api, 2024: retention pruned the running image; a certificate renewal restart could not pull it',
    family: 'ROL',
  },
} as const;

export type IncidentId = keyof typeof INCIDENTS;
