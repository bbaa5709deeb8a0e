/**
 * category: elders holding the category on the day; age: elders at least `minAge` on the day;
 * delivery_extra: added on delivered meals of an elder who gets a subsidy at all.
 */
export const SUBSIDY_RULE_KINDS = ['category', 'age', 'delivery_extra'] as const

export const PAYMENT_METHODS = ['cash', 'wechat', 'alipay', 'care_card', 'free'] as const
