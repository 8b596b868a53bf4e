export { amendPeriod, closeMonth, commissionFor } from './commission-repo';
export { computeCommission, tieredCommission } from './commission-engine';
export {
  commissionRuleFileSchema,
  commissionRulesHook,
  syncCommissionRules,
  type CommissionRuleFile,
} from './commission-file';
