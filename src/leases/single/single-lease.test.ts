import { runLeaderLeaseContract } from '../leader-lease.contract.js';
import { singleLease } from './single-lease.js';

runLeaderLeaseContract('single', () =>
  Promise.resolve({ subject: singleLease(), close: () => Promise.resolve() }),
);
