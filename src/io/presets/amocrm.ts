// amoCRM (Kommo): the deals export ("Экспорт" of the deals list), per ../shared/CRM-EXPORTS.md.
// Names marked "guess" are not in that document; everything else is.
import type { Preset } from './preset.js';

export const amocrmPreset: Preset = {
  name: 'amocrm',
  label: 'amoCRM (Kommo)',
  // Headers Bitrix24 (the other Russian CRM) does not write. `ID`, `Название сделки`, `Ответственный`,
  // `Источник` and `Компания` are shared with it, so they decide nothing.
  signatures: [
    'Бюджет',
    'Этап сделки',
    'Воронка',
    'Дата создания сделки',
    'Кем создана сделка',
    'Дата редактирования',
    'Кем редактирована',
    'Полное имя контакта',
    'Компания контакта',
    'Ответственный за контакт',
  ],
  currency: 'RUB',
  deals: {
    columns: {
      id: ['ID'],
      title: ['Название сделки'],
      manager: ['Ответственный'],
      pipeline: ['Воронка'],
      stage: ['Этап сделки'],
      // `"Бюджет "` with a trailing space has been seen: headers are compared trimmed.
      amount: ['Бюджет'],
      created_at: ['Дата создания сделки'],
      closed_at: ['Дата закрытия'],
      // The export may carry `Источник` twice: the first one is read (see duplicateHeaders).
      source: ['Источник'],
      lost_reason: ['Причина отказа'],
      client: ['Компания', 'Компания контакта'],
    },
    dateFormat: 'dd.MM.yyyy HH:mm:ss',
    timezone: 'account-local',
    usualTimezone: 'Europe/Moscow',
    // An open deal's `Дата закрытия`.
    missingDates: ['не закрыта'],
    // No status column: the status is the stage. These are the system stages every pipeline has;
    // an account can rename them (then list the new names under status: in the config).
    won: ['Успешно реализовано'],
    lost: ['Закрыто и не реализовано'],
    duplicateHeaders: {
      'Источник': "amoCRM writes it twice: the deal's source first, a same-named field further right; rename the other in the file to use it",
      'Причина отказа': 'amoCRM may write it twice: the first is the deal field',
    },
  },
  // The events list ("Список событий"): `Дата, Автор, Объект, Название, Событие, Значение до,
  // Значение после`, stage values as "Воронка / Этап" (unverified). It names no deal id: the
  // `ID сделки` / `ID` headers below are a guess (the demo export has `ID сделки`); export only the
  // stage-change events, or every field change would read as a stage change.
  history: {
    columns: {
      deal_id: ['ID сделки', 'ID'],
      from_stage: ['Значение до'],
      to_stage: ['Значение после'],
      changed_at: ['Дата'],
    },
    dateFormat: 'dd.MM.yyyy HH:mm:ss',
    timezone: 'account-local',
    stagePipelineSeparator: ' / ',
  },
};
