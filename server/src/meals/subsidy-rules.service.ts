import { uuidv7 } from '@eldercare/db'
import type { MealSettings, MealSettingsPut, SubsidyRule, SubsidyRuleCreate } from '@eldercare/shared'
import fp from 'fastify-plugin'
import { changedFields } from '../audit/audit-changes.js'
import type { Actor } from '../auth/actor.js'
import { AppError, notFound } from '../errors.js'
import type { SubsidyRuleRow } from './meals.repository.js'
import { rulesInForce } from '@eldercare/shared'

export function mapSubsidyRule(row: SubsidyRuleRow): SubsidyRule {
  return {
    id: row.id,
    name: row.name,
    kind: row.kind,
    category: row.category as SubsidyRule['category'],
    minAge: row.minAge,
    amountFen: row.amountFen,
    validFrom: row.validFrom,
    validTo: row.validTo,
    createdAt: row.createdAt.toISOString(),
  }
}

const invalid = (message: string) => new AppError('SUBSIDY_RULE_INVALID', message)

export default fp(
  async (fastify) => {
    const meals = fastify.mealsRepository
    const audit = fastify.auditRepository

    async function list(actor: Actor, asOf?: string) {
      const rows = await meals.rules(actor.tenantId)
      const items = (asOf ? rulesInForce(rows, asOf) : rows).map(mapSubsidyRule)
      return { items, total: items.length }
    }

    async function create(actor: Actor, input: SubsidyRuleCreate): Promise<SubsidyRule> {
      const category = input.category ?? null
      const minAge = input.minAge ?? null
      if (input.kind === 'category' && (category === null || minAge !== null)) throw invalid('a category rule names a category and no age')
      if (input.kind === 'age' && (minAge === null || category !== null)) throw invalid('an age rule names a minimum age and no category')
      if (input.kind === 'delivery_extra' && (minAge !== null || category !== null)) throw invalid('a delivery extra names neither category nor age')
      if (input.validTo && input.validTo < input.validFrom) throw invalid('a rule cannot end before it starts')
      const row = { tenantId: actor.tenantId, id: uuidv7(), name: input.name, kind: input.kind, category, minAge, amountFen: input.amountFen, validFrom: input.validFrom, validTo: input.validTo ?? null }
      return fastify.db.transaction(async (tx) => {
        await meals.insertRules([row], tx)
        const { tenantId: _t, ...fields } = row
        await audit.record(actor, { action: 'subsidy_rule.create', entityType: 'subsidy_rule', entityId: row.id, changes: changedFields(null, fields) }, tx)
        return mapSubsidyRule((await meals.findRule(actor.tenantId, row.id, tx))!)
      })
    }

    async function end(actor: Actor, id: string, validTo: string): Promise<SubsidyRule> {
      return fastify.db.transaction(async (tx) => {
        const before = await meals.findRule(actor.tenantId, id, tx)
        if (!before) throw notFound('subsidy rule')
        if (validTo < before.validFrom) throw invalid('a rule cannot end before it starts')
        if (before.validTo !== null && before.validTo < validTo) throw invalid('a rule can only be ended earlier, not extended')
        const after = (await meals.endRule(actor.tenantId, id, validTo, tx))!
        await audit.record(actor, { action: 'subsidy_rule.end', entityType: 'subsidy_rule', entityId: id, changes: { validTo: { from: before.validTo, to: validTo } } }, tx)
        return mapSubsidyRule(after)
      })
    }

    async function settings(actor: Actor): Promise<MealSettings> {
      const { subsidisedMealsPerSlot, backDatingDays, kitchenOrderCutoff, counterSnapshotMaxAgeDays, undoWindowMinutes, bureauApprovesWithoutTownReviewer } = await meals.settings(actor.tenantId)
      return { subsidisedMealsPerSlot, backDatingDays, kitchenOrderCutoff, counterSnapshotMaxAgeDays, undoWindowMinutes, bureauApprovesWithoutTownReviewer }
    }

    async function updateSettings(actor: Actor, input: MealSettingsPut): Promise<MealSettings> {
      const before = await settings(actor)
      const after: MealSettings = { ...before, ...input }
      await fastify.db.transaction(async (tx) => {
        await meals.upsertSettings(actor.tenantId, after, tx)
        await audit.record(actor, { action: 'meal_settings.update', entityType: 'meal_settings', entityId: actor.tenantId, changes: changedFields(before, after) }, tx)
      })
      return settings(actor)
    }

    fastify.decorate('subsidyRulesService', { list, create, end, settings, updateSettings })
  },
  { name: 'subsidy-rules-service', dependencies: ['meals-repository', 'audit-repository'] },
)

declare module 'fastify' {
  interface FastifyInstance {
    subsidyRulesService: {
      list(actor: Actor, asOf?: string): Promise<{ items: SubsidyRule[]; total: number }>
      create(actor: Actor, input: SubsidyRuleCreate): Promise<SubsidyRule>
      end(actor: Actor, id: string, validTo: string): Promise<SubsidyRule>
      settings(actor: Actor): Promise<MealSettings>
      updateSettings(actor: Actor, input: MealSettingsPut): Promise<MealSettings>
    }
  }
}
