/**
 * Seeding cooperation records: parents once every record exists (they may come later in the
 * list), tracks, fields, countries and participants.
 */
import { participants, recordCountries, recordFields, recordTracks } from '../../schema';
import type { SeedRecord } from '../catalogue/records';
import { defineSeeder, localizedColumns } from '../seeder';

export const recordSeeder = defineSeeder<SeedRecord>({
  subject: 'record',
  name: 'title',
  references: {
    parent: { column: 'parentId', to: 'CooperationRecord', what: 'parent record', deferred: true },
    target: { column: 'targetId', to: 'PlanTarget', what: 'plan target' },
  },
  links: [
    {
      table: recordTracks,
      column: 'recordId',
      rows: (item) =>
        (item.tracks ?? []).map((track, position) => ({ position: position + 1, ...localizedColumns('name', track.name), field: track.field })),
    },
    { table: recordFields, column: 'recordId', rows: (item) => (item.fields ?? []).map((field) => ({ field })), refreshed: true },
    { table: recordCountries, column: 'recordId', rows: (item) => (item.countries ?? []).map((countryCode) => ({ countryCode })) },
    {
      table: participants,
      column: 'recordId',
      rows: (item, resolve) =>
        (item.participants ?? []).map((participant) => ({
          institutionId: resolve('Institution', participant.institution),
          role: participant.role,
        })),
    },
  ],
  facts: (item, facts) => {
    facts.year('year', item.year);
    facts.date('startsOn', item.startsOn);
    facts.date('endsOn', item.endsOn);
    for (const code of item.countries ?? []) facts.reference('country', code, 'Country');
    for (const participant of item.participants ?? []) facts.reference('participant', participant.institution, 'Institution');
    if (item.startsOn && item.endsOn && item.endsOn < item.startsOn) facts.problem('references', 'ends before it starts');
  },
});
