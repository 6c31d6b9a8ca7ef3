// Bitrix24: the deals list exported as CSV (every field quoted, each line ending with `;`, UTF-8
// with BOM or Windows-1251 without), per ../shared/CRM-EXPORTS.md; and the REST field names
// (`crm.deal.list`, `crm.stagehistory.list`) for API dumps. Names marked "guess" are not in that
// document.
import type { Preset } from './preset.js';

export const bitrix24Preset: Preset = {
  name: 'bitrix24',
  label: 'Bitrix24',
  // Headers amoCRM (the other Russian CRM) does not write.
  signatures: [
    'Стадия сделки',
    'Направление',
    'Сделка закрыта',
    'Группа стадий',
    'Предполагаемая дата закрытия',
    'Дата начала',
    'Кем изменена',
    'Дата изменения',
    'Вероятность',
    'Товар',
    // REST names (guess for deals: crm.deal.fields; STAGE_SEMANTIC_ID is documented for history).
    'STAGE_SEMANTIC_ID',
    'ASSIGNED_BY_ID',
    'CATEGORY_ID',
    'OPPORTUNITY',
  ],
  currency: 'RUB',
  deals: {
    columns: {
      id: ['ID'],
      title: ['Название сделки', 'TITLE'],
      manager: ['Ответственный', 'ASSIGNED_BY_ID'],
      pipeline: ['Направление', 'CATEGORY_ID'],
      stage: ['Стадия сделки', 'STAGE_ID'],
      amount: ['Сумма', 'OPPORTUNITY'],
      // A full name ("Российский рубль"), not a code.
      currency: ['Валюта', 'CURRENCY_ID'],
      created_at: ['Дата создания', 'DATE_CREATE'],
      // Bitrix24 has no close-date column (`Предполагаемая дата закрытия` is the expected date):
      // closed_at comes from `modified_at` below (closedAtFrom).
      expected_close_at: ['Предполагаемая дата закрытия', 'CLOSEDATE'],
      source: ['Источник', 'SOURCE_ID'],
      client: ['Компания', 'COMPANY_ID'],
      // Preset-only columns, read by statusFlags / closedAtFrom / productField.
      modified_at: ['Дата изменения', 'DATE_MODIFY'],
      is_closed: ['Сделка закрыта', 'CLOSED'],
      stage_group: ['Группа стадий', 'STAGE_SEMANTIC_ID'],
      product: ['Товар'],
    },
    dateFormat: 'dd.MM.yyyy HH:mm:ss',
    // `Сумма` is written `15000.00` in a `;` file: a decimal point, not a comma.
    decimal: '.',
    timezone: 'account-local',
    usualTimezone: 'Europe/Moscow', // guess: the usual zone of Russian portals
    statusFlags: [
      // Да / Нет in the UI export, Y / N in REST.
      { field: 'is_closed', yes: 'closed', no: 'open' },
      {
        field: 'stage_group',
        values: {
          // REST semantic ids (documented): process, success, failure.
          P: 'open',
          S: 'won',
          F: 'lost',
          // UI words of the stage groups: a guess. A closed deal whose group is not recognised is
          // read from its stage name, else as lost with a warning.
          'В работе': 'open',
          'Успешные': 'won',
          'Успешно': 'won',
          'Успех': 'won',
          'Провал': 'lost',
          'Провалена': 'lost',
          'Провальные': 'lost',
          'Неуспешные': 'lost',
        },
      },
    ],
    // Stage names of a default pipeline (guess) and the REST stage ids (documented; `C<n>:`-prefixed
    // ids of other pipelines are covered by STAGE_SEMANTIC_ID).
    won: ['Сделка успешна', 'WON'],
    lost: ['Сделка провалена', 'Анализ причины провала', 'LOSE', 'APOLOGY'],
    closedAtFrom: [{ field: 'modified_at' }],
    closedAtNote:
      'Bitrix24 exports no close date; the last change of a closed deal stands in for it, so an edit after closing moves the deal to a later period',
    productField: 'product',
  },
  // REST `crm.stagehistory.list` (documented columns). Stage ids (NEW, WON, C1:PREPARATION…) are
  // not the stage names of the UI export: use the REST deals dump with it.
  history: {
    columns: {
      deal_id: ['OWNER_ID'],
      stage: ['STAGE_ID'],
      entered_at: ['CREATED_TIME'],
    },
    timezone: 'account-local',
  },
};
