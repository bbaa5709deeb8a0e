export default {
  title: '填报与评定设置',
  readonly: '仅区民政局管理员可修改',
  window: '床位填报期（次月第几日至第几日）',
  windowHint: '例如 1 至 10，即每月 1–10 日填报上月数据',
  changeThreshold: '需说明的变化幅度（%）',
  changeThresholdHint: '与上次审核通过的数据相比，变化超过此比例需填写说明',
  sections: '评分项目及满分',
  thresholds: '各星级最低总分',
  validityYears: '星级有效期（年）',
  firstCap: '首次评定最高星级',
  noCap: '不限',
}
