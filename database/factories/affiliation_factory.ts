import factory from '@adonisjs/lucid/factories'
import Affiliation from '#models/affiliation'
import { MemberFactory } from '#database/factories/member_factory'
import {
  OFFICE_AFFILIATION,
  RETIRED_AFFILIATION,
  SCHOOL_AFFILIATIONS,
  fake,
  uniqueSequence,
} from '#database/factories/japanese_fake'

/**
 * Affiliations (所属): a school by default. Codes are unique per process
 * ('T' + a sequence), names come from the sample schools.
 * States: `office` (福井県教育庁), `retired` (退職者), `inactive`.
 */
export const AffiliationFactory = factory
  .define(Affiliation, () => {
    const school = fake.pick(SCHOOL_AFFILIATIONS)
    return {
      code: `T${uniqueSequence()}`,
      name: school.name,
      nameKana: school.nameKana,
      isActive: true,
    }
  })
  .state('office', (row) => {
    row.name = OFFICE_AFFILIATION.name
    row.nameKana = OFFICE_AFFILIATION.nameKana
  })
  .state('retired', (row) => {
    row.name = RETIRED_AFFILIATION.name
    row.nameKana = RETIRED_AFFILIATION.nameKana
  })
  .state('inactive', (row) => {
    row.isActive = false
  })
  .relation('members', () => MemberFactory)
  .build()
