// Migrations in order; imported as classes so they run the same under ts-node and compiled output.
import { CreateSphereTables1732300000000 } from './1732300000000-CreateSphereTables';
import { SuiteCrmCustomFields1732300000001 } from './1732300000001-SuiteCrmCustomFields';
import { DecisionLogHead1732300000002 } from './1732300000002-DecisionLogHead';

export const MIGRATIONS = [CreateSphereTables1732300000000, SuiteCrmCustomFields1732300000001, DecisionLogHead1732300000002];
