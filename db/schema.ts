/**
 * The store of hongguanjia. Times are integer epoch milliseconds, areas integer 0.01 ㎡ and
 * money integer fen, so the same tables can move to PostgreSQL without float or date drift
 * (STYLE.md, Database).
 */
import { sql } from 'drizzle-orm';
import { blob, index, integer, primaryKey, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';

export const areaKinds = ['community', 'street'] as const;
export type AreaKind = (typeof areaKinds)[number];

/**
 * The levels above a compound that act in chat (SPEC "Communities and streets"): a community
 * (社区) holds compounds, a street (街道) holds communities (`parentId` of a community is its
 * street). Names are unique per kind.
 */
export const areas = sqliteTable(
  'areas',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    kind: text('kind', { enum: areaKinds }).notNull(),
    name: text('name').notNull(),
    /** A community's street; null for a street and for a community that belongs to none yet. */
    parentId: integer('parent_id'),
    createdAt: integer('created_at').notNull(),
  },
  (t) => [uniqueIndex('areas_kind_name_idx').on(t.kind, t.name), index('areas_parent_idx').on(t.parentId)],
);

/** A residential compound (小区). Everything else hangs off one. */
export const compounds = sqliteTable(
  'compounds',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    name: text('name').notNull().unique(),
    createdAt: integer('created_at').notNull(),
    /** The community (社区) it belongs to (`/归属`); null until an admin says. */
    communityId: integer('community_id').references(() => areas.id),
    /** The property company serving it (`/物业公司`), as named; null until named. */
    company: text('company'),
  },
  (t) => [index('compounds_community_idx').on(t.communityId)],
);

export const groupKinds = ['owners', 'staff', 'committee'] as const;
export type GroupKind = (typeof groupKinds)[number];

/** A WeChat group bound to one compound (SPEC "Groups"). */
export const groups = sqliteTable(
  'groups',
  {
    roomId: text('room_id').primaryKey(),
    compoundId: integer('compound_id')
      .notNull()
      .references(() => compounds.id),
    kind: text('kind', { enum: groupKinds }).notNull().default('owners'),
    topic: text('topic').notNull().default(''),
    boundBy: text('bound_by').notNull(),
    boundAt: integer('bound_at').notNull(),
  },
  (t) => [index('groups_compound_idx').on(t.compoundId, t.kind)],
);

/** A WeChat group bound to a community or a street: its own group (社区群, 街道群). */
export const areaGroups = sqliteTable(
  'area_groups',
  {
    roomId: text('room_id').primaryKey(),
    areaId: integer('area_id')
      .notNull()
      .references(() => areas.id),
    topic: text('topic').notNull().default(''),
    boundBy: text('bound_by').notNull(),
    boundAt: integer('bound_at').notNull(),
  },
  (t) => [index('area_groups_area_idx').on(t.areaId)],
);

/** A person is a WeChat contact id; the name is only for display (anyone can rename). */
export const people = sqliteTable('people', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  updatedAt: integer('updated_at').notNull(),
});

/**
 * Who is in which group, kept up to date as people speak, as they join and leave, and as the bot
 * reads a group's member list (SPEC "Groups"). A member who left keeps the row with `leftAt` set,
 * and loses it again when they come back.
 */
export const groupMembers = sqliteTable(
  'group_members',
  {
    roomId: text('room_id').notNull(),
    personId: text('person_id')
      .notNull()
      .references(() => people.id),
    seenAt: integer('seen_at').notNull(),
    /** When they left the group; null while they are in it. */
    leftAt: integer('left_at'),
  },
  (t) => [primaryKey({ columns: [t.roomId, t.personId] }), index('group_members_person_idx').on(t.personId)],
);

export const roles = ['owner', 'manager', 'committee', 'community', 'grid', 'admin'] as const;
export type Role = (typeof roles)[number];

/** Explicit role grants, per compound. Every member of a compound group is implicitly an owner. */
export const roleGrants = sqliteTable(
  'role_grants',
  {
    compoundId: integer('compound_id')
      .notNull()
      .references(() => compounds.id),
    personId: text('person_id')
      .notNull()
      .references(() => people.id),
    role: text('role', { enum: roles }).notNull(),
    grantedBy: text('granted_by').notNull(),
    grantedAt: integer('granted_at').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.compoundId, t.personId, t.role] }),
    index('role_grants_role_idx').on(t.compoundId, t.role),
  ],
);

/**
 * Roles granted in a community or street group (社区, 网格长, 管理员): they hold for every compound
 * of that community, or of that street's communities (SPEC "Communities and streets").
 */
export const areaRoleGrants = sqliteTable(
  'area_role_grants',
  {
    areaId: integer('area_id')
      .notNull()
      .references(() => areas.id),
    personId: text('person_id')
      .notNull()
      .references(() => people.id),
    role: text('role', { enum: roles }).notNull(),
    grantedBy: text('granted_by').notNull(),
    grantedAt: integer('granted_at').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.areaId, t.personId, t.role] }),
    index('area_role_grants_person_idx').on(t.personId),
  ],
);

/** Settings of a community or street (the ranking's schedule and star thresholds), as `settings`. */
export const areaSettings = sqliteTable(
  'area_settings',
  {
    areaId: integer('area_id')
      .notNull()
      .references(() => areas.id),
    key: text('key').notNull(),
    value: text('value').notNull(),
    updatedBy: text('updated_by').notNull(),
    updatedAt: integer('updated_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.areaId, t.key] })],
);

/** A unit (楼-单元-室) with its exclusive area in 0.01 ㎡, as verified. */
export const units = sqliteTable(
  'units',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    compoundId: integer('compound_id')
      .notNull()
      .references(() => compounds.id),
    building: text('building').notNull(),
    entrance: text('entrance').notNull(),
    room: text('room').notNull(),
    areaCenti: integer('area_centi'),
    createdAt: integer('created_at').notNull(),
  },
  (t) => [uniqueIndex('units_address_idx').on(t.compoundId, t.building, t.entrance, t.room)],
);

export const claimStatuses = ['pending', 'verified'] as const;
export type ClaimStatus = (typeof claimStatuses)[number];

/** A person's claim to a unit (`/绑定`), pending until a committee member or admin verifies it. */
export const unitClaims = sqliteTable(
  'unit_claims',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    compoundId: integer('compound_id')
      .notNull()
      .references(() => compounds.id),
    unitId: integer('unit_id')
      .notNull()
      .references(() => units.id),
    personId: text('person_id')
      .notNull()
      .references(() => people.id),
    areaCenti: integer('area_centi').notNull(),
    status: text('status', { enum: claimStatuses }).notNull().default('pending'),
    claimedAt: integer('claimed_at').notNull(),
    verifiedBy: text('verified_by'),
    verifiedAt: integer('verified_at'),
  },
  (t) => [
    uniqueIndex('unit_claims_unit_person_idx').on(t.unitId, t.personId),
    index('unit_claims_person_idx').on(t.compoundId, t.personId),
  ],
);

/** Per-compound settings; values are JSON validated by the zod schema of their key on read. */
export const settings = sqliteTable(
  'settings',
  {
    compoundId: integer('compound_id')
      .notNull()
      .references(() => compounds.id),
    key: text('key').notNull(),
    value: text('value').notNull(),
    updatedBy: text('updated_by').notNull(),
    updatedAt: integer('updated_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.compoundId, t.key] })],
);

/**
 * When a member last got the `/报修` hint in a group (SPEC "Owners' own words": at most once per
 * member per hour). Kept in the store so that a restart does not hint again.
 */
export const ticketHints = sqliteTable(
  'ticket_hints',
  {
    roomId: text('room_id').notNull(),
    personId: text('person_id').notNull(),
    hintedAt: integer('hinted_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.roomId, t.personId] })],
);

/** What an inbox row holds: a text, or a photo, video, file or voice message. */
export const inboxKinds = ['text', 'image', 'video', 'file', 'audio'] as const;
export type InboxKind = (typeof inboxKinds)[number];

/**
 * Every message that may need an answer, written the moment it reaches the bot, before any
 * puppet call (bot/create-bot.ts): a SIGKILL or power cut between arrival and handling leaves
 * the row without `handledAt`, and the next start handles it, once, in arrival order (`id`).
 * `handledAt` is set in the transaction that writes the message's state and replies, and the
 * message id is unique, so a message Wechaty delivers twice is handled once. Handled rows are
 * pruned after a week (a redelivery comes within seconds).
 */
export const inbox = sqliteTable(
  'inbox',
  {
    /** Arrival order. A rowid without AUTOINCREMENT: a new row always gets a higher id than any kept. */
    id: integer('id').primaryKey(),
    messageId: text('message_id').notNull().unique(),
    kind: text('kind', { enum: inboxKinds }).notNull().default('text'),
    /** Null for a private chat. */
    roomId: text('room_id'),
    speakerId: text('speaker_id').notNull().default(''),
    text: text('text'),
    /** JSON array of contact ids, or null when the puppet gave no mention list. */
    mentionIds: text('mention_ids'),
    /** JSON array: the names the bot went by when the message came (its WeChat name, its group nickname if known). */
    botNames: text('bot_names').notNull().default('[]'),
    receivedAt: integer('received_at').notNull(),
    handledAt: integer('handled_at'),
    /** Start-ups that found it unhandled: a message that kills the bot every time is given up. */
    recoveries: integer('recoveries').notNull().default(0),
    /**
     * The same member message as another of our accounts sees it under its own message id
     * (db/messages.ts `crossAccountKey`); null in a private chat. Kept so a message handled after
     * a restart is still recognised.
     */
    crossKey: text('cross_key'),
  },
  // One index for both questions: the unhandled rows (handled_at IS NULL, in rowid order) and
  // the handled rows old enough to prune. And a member's recent private messages, to all our
  // accounts, for the flood limit shared across them (db/messages.ts `privateArrivals`).
  (t) => [
    index('inbox_handled_idx').on(t.handledAt),
    index('inbox_private_idx').on(t.speakerId, t.receivedAt).where(sql`${t.roomId} is null`),
  ],
);

/**
 * "The same message" across our accounts (SPEC "Many accounts, one store"): one row per group
 * message handled, keyed by `crossAccountKey` (db/messages.ts), claimed in the transaction that
 * handles it, so whichever account handles it first does, once. Pruned with the inbox.
 */
export const messageClaims = sqliteTable(
  'message_claims',
  {
    key: text('key').primaryKey(),
    claimedAt: integer('claimed_at').notNull(),
  },
  (t) => [index('message_claims_claimed_idx').on(t.claimedAt)],
);

/**
 * Our WeChat accounts, each one bot process (SPEC "Many accounts, one store"): recorded at each
 * login, so every process knows all of them and never counts one as a member of a group.
 */
export const botAccounts = sqliteTable('bot_accounts', {
  /** The logged-in user's contact id. */
  id: text('id').primaryKey(),
  name: text('name').notNull().default(''),
  firstSeenAt: integer('first_seen_at').notNull(),
  lastSeenAt: integer('last_seen_at').notNull(),
});

/**
 * Which of our accounts speaks for a conversation (bot/leases.ts): one row per conversation,
 * taken by a compare-and-set when free, expired or already this account's, renewed while held,
 * deleted at a stop or logout. The outbox stays account-free: whoever holds the lease sends.
 */
export const speakerLeases = sqliteTable(
  'speaker_leases',
  {
    conversationId: text('conversation_id').primaryKey(),
    accountId: text('account_id').notNull(),
    expiresAt: integer('expires_at').notNull(),
  },
  (t) => [index('speaker_leases_account_idx').on(t.accountId)],
);

/**
 * Which of our accounts sits in which group, as each last saw its room list (after login, at a
 * room-join): what `/帮助` shows as the accounts standing by.
 */
export const accountRooms = sqliteTable(
  'account_rooms',
  {
    roomId: text('room_id').notNull(),
    accountId: text('account_id').notNull(),
    seenAt: integer('seen_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.roomId, t.accountId] })],
);

export const outboxTargets = ['room', 'contact'] as const;

/**
 * Every message the bot sends is first a row here, written in the same transaction as the state
 * change that caused it; the sender in bot/ posts and marks it. `dedupeKey` makes a reminder or
 * notice unique: a schedule that runs twice inserts it once.
 */
export const outbox = sqliteTable(
  'outbox',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    target: text('target', { enum: outboxTargets }).notNull().default('room'),
    conversationId: text('conversation_id').notNull(),
    text: text('text'),
    mentionIds: text('mention_ids').notNull().default('[]'),
    fileName: text('file_name'),
    fileData: blob('file_data', { mode: 'buffer' }),
    dedupeKey: text('dedupe_key').unique(),
    createdAt: integer('created_at').notNull(),
    notBefore: integer('not_before').notNull(),
    attempts: integer('attempts').notNull().default(0),
    lastError: text('last_error'),
    /** Set just before the transport is called. Still set without `sentAt` after a crash: the
     * message may or may not have gone out (no transport tells), so it is sent again. */
    sendingAt: integer('sending_at'),
    sentAt: integer('sent_at'),
    failedAt: integer('failed_at'),
  },
  // Only the unsent rows, in id order: the sender's "oldest unsent first" reads this index and
  // nothing else, however many sent rows the table keeps (they are kept: their dedupe keys stop
  // a reminder from being written twice). Keyed on `not_before` instead, SQLite preferred walking
  // the whole table in id order for `ORDER BY id LIMIT` (13 ms a pass at 200,000 sent rows).
  (t) => [
    index('outbox_unsent_idx').on(t.id).where(sql`${t.sentAt} is null and ${t.failedAt} is null`),
    // Each conversation's unsent rows in id order, with what decides whether its oldest may go
    // now: the sender finds every conversation's next row from this index alone, so one group's
    // thousand queued (or failing) rows cost the others one index walk, never their turn.
    index('outbox_conversation_unsent_idx')
      .on(t.conversationId, t.id, t.notBefore, t.attempts)
      .where(sql`${t.sentAt} is null and ${t.failedAt} is null`),
  ],
);

export type Area = typeof areas.$inferSelect;
export type AreaGroup = typeof areaGroups.$inferSelect;
export type Compound = typeof compounds.$inferSelect;
export type Group = typeof groups.$inferSelect;
export type Person = typeof people.$inferSelect;
export type Unit = typeof units.$inferSelect;
export type UnitClaim = typeof unitClaims.$inferSelect;
export type InboxRow = typeof inbox.$inferSelect;
export type OutboxRow = typeof outbox.$inferSelect;
export type BotAccount = typeof botAccounts.$inferSelect;
export type NewOutboxRow = typeof outbox.$inferInsert;

export const ticketStatuses = ['new', 'assigned', 'on_site', 'resolved', 'closed', 'reopened'] as const;
export type TicketStatus = (typeof ticketStatuses)[number];
export const ticketClassValues = ['general', 'major', 'complex'] as const;

/**
 * A grievance or repair ticket (SPEC "Tickets and the 5431 rule"). Numbered per compound (`no`).
 * Clock rules, shared by commands, reminders and statistics:
 * - Both clocks start at `filedAt`; `/改` recomputes them from `filedAt` with the new class.
 *   While `classProvisional`, each deadline is the earlier of those of the candidate classes.
 * - `respondedAt`: the first 接单, 到场, 方案 or 完成 by a manager (or community on an escalated
 *   ticket); a committee's 派单 is not a response. Met on time when `respondedAt <= responseDueAt`.
 * - `solveDueAt` = filedAt + solve window + `pausedMs`; while paused (`pausedAt` set) the solve
 *   clock stands still and no deadline pings go out; `/继续` adds the pause to `pausedMs` and to
 *   `solveDueAt`.
 * - Solved on time when `resolvedAt <= solveDueAt` (a complex ticket is resolved by its plan).
 * - `escalatedAt` marks a 吹哨 (by a person, or by the schedule at twice the solve window); it
 *   stays set until closed, so the committee sees every escalated ticket until then.
 */
export const tickets = sqliteTable(
  'tickets',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    compoundId: integer('compound_id')
      .notNull()
      .references(() => compounds.id),
    no: integer('no').notNull(),
    roomId: text('room_id').notNull(),
    reporterId: text('reporter_id')
      .notNull()
      .references(() => people.id),
    /** Who typed the command: the reporter, or a grid head filing on an owner's behalf. */
    filedBy: text('filed_by').notNull(),
    description: text('description').notNull(),
    category: text('category').notNull(),
    ticketClass: text('ticket_class', { enum: ticketClassValues }).notNull(),
    /**
     * The classifier was unsure (SPEC "Owners' own words"): the class waits for a manager's or
     * committee member's `/改 #n`, and until then the deadlines are the stricter of the classes
     * it hesitated between. Cleared by that `/改`, whether it confirms or changes the class.
     */
    classProvisional: integer('class_provisional', { mode: 'boolean' }).notNull().default(false),
    status: text('status', { enum: ticketStatuses }).notNull().default('new'),
    assigneeId: text('assignee_id'),
    filedAt: integer('filed_at').notNull(),
    responseDueAt: integer('response_due_at').notNull(),
    solveDueAt: integer('solve_due_at').notNull(),
    assignedAt: integer('assigned_at'),
    respondedAt: integer('responded_at'),
    onSiteAt: integer('on_site_at'),
    resolvedAt: integer('resolved_at'),
    closedAt: integer('closed_at'),
    pausedAt: integer('paused_at'),
    pausedMs: integer('paused_ms').notNull().default(0),
    pauseReason: text('pause_reason'),
    plan: text('plan'),
    escalatedAt: integer('escalated_at'),
    escalationReason: text('escalation_reason'),
    score: integer('score'),
    feedback: text('feedback'),
    reworkCount: integer('rework_count').notNull().default(0),
    lastUrgedAt: integer('last_urged_at'),
    updatedAt: integer('updated_at').notNull(),
  },
  (t) => [
    uniqueIndex('tickets_compound_no_idx').on(t.compoundId, t.no),
    index('tickets_reporter_idx').on(t.compoundId, t.reporterId, t.filedAt),
    index('tickets_filed_idx').on(t.compoundId, t.filedAt),
    // Due work looks only at open tickets: its cost follows what is open, not all ever filed.
    index('tickets_open_idx').on(t.solveDueAt).where(sql`${t.closedAt} is null`),
    // A compound's open tickets by number (the board page, the meeting agenda, a reporter's
    // open ones): without it the planner walks every ticket the compound ever had (214 ms of a
    // board page with 1,000,000 tickets, bench/board.ts).
    index('tickets_compound_open_idx').on(t.compoundId, t.no).where(sql`${t.closedAt} is null`),
    // A month's confirmations and escalations (/统计, the ranking, the board page): without them
    // each walks every ticket the compound ever had (323 ms and 193 ms with 1,000,000, against a
    // few ms). Partial, so a new ticket's insert touches neither.
    index('tickets_closed_idx').on(t.compoundId, t.closedAt).where(sql`${t.closedAt} is not null`),
    index('tickets_escalated_idx').on(t.compoundId, t.escalatedAt).where(sql`${t.escalatedAt} is not null`),
  ],
);

export const ticketEventKinds = [
  'filed',
  'assigned',
  'taken',
  'arrived',
  'paused',
  'resumed',
  'resolved',
  'planned',
  'reclassified',
  'confirmed',
  'reopened',
  'urged',
  'escalated',
  'handed_back',
  /** A decision of the joint meeting (`/议定`), recorded by the community. */
  'decided',
  'attachment',
  /** A photo or file the reporter sent that was not kept (a /设置 附件 limit); the note says why. */
  'attachment_refused',
  'reminded',
] as const;
export type TicketEventKind = (typeof ticketEventKinds)[number];

/** Every change of a ticket, with actor and time: `/进度` shows them as the timeline. */
export const ticketEvents = sqliteTable(
  'ticket_events',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    ticketId: integer('ticket_id')
      .notNull()
      .references(() => tickets.id),
    kind: text('kind', { enum: ticketEventKinds }).notNull(),
    /** A contact id, or `system` for what the schedules do. */
    actorId: text('actor_id').notNull(),
    at: integer('at').notNull(),
    note: text('note'),
  },
  (t) => [index('ticket_events_ticket_idx').on(t.ticketId, t.at)],
);

/** Photos, videos and files the reporter sent within 10 minutes after filing. */
export const ticketAttachments = sqliteTable(
  'ticket_attachments',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    ticketId: integer('ticket_id')
      .notNull()
      .references(() => tickets.id),
    messageId: text('message_id').notNull().unique(),
    kind: text('kind', { enum: ['image', 'video', 'file', 'audio'] }).notNull(),
    fileName: text('file_name').notNull(),
    /** Relative to the data folder. */
    path: text('path').notNull(),
    size: integer('size').notNull(),
    at: integer('at').notNull(),
  },
  (t) => [index('ticket_attachments_ticket_idx').on(t.ticketId)],
);

export type Ticket = typeof tickets.$inferSelect;
export type TicketEvent = typeof ticketEvents.$inferSelect;
export type TicketAttachment = typeof ticketAttachments.$inferSelect;

export const boardOwnerKinds = ['compound', 'area'] as const;
export type BoardOwnerKind = (typeof boardOwnerKinds)[number];

/**
 * The token in the link of a board page (SPEC "The desk"): one per compound, community or
 * street (`ownerKind` 'area' for both of those), made on first use. `/公示页 重置` writes a new
 * one over it, so the old link stops working at once. The token is the only secret of the
 * read-only page: 128 random bits, URL-safe.
 */
export const boardTokens = sqliteTable(
  'board_tokens',
  {
    ownerKind: text('owner_kind', { enum: boardOwnerKinds }).notNull(),
    ownerId: integer('owner_id').notNull(),
    token: text('token').notNull().unique(),
    createdAt: integer('created_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.ownerKind, t.ownerId] })],
);

export type BoardToken = typeof boardTokens.$inferSelect;
