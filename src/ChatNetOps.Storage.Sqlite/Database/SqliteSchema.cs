namespace ChatNetOps.Storage.Sqlite.Database;

/// <summary>
/// The schema, created idempotently when the file is opened. Times are UTC ticks. Versions only add tables, so opening
/// an older file brings it up to date (2 added <c>conversation_endpoints</c>, 3 added <c>chat_state</c>, 4 added
/// <c>queue_dead_letter_descriptions</c>, 5 added <c>request_cards</c>, filled by <see cref="MoveCardMessages"/>, 6 added
/// <c>alert_notifications</c> and <c>alert_groups</c>, 7 added <c>change_outbox</c> and <c>change_links</c>, 8 added
/// <c>lock_watches</c>, 9 added <c>change_windows</c>, 10 added <c>alert_card_claims</c> and <c>device_last_changes</c>, 11 added <c>device_change_backfill</c>).
/// </summary>
internal static class SqliteSchema
{
    public const int Version = 11;

    /// <summary>
    /// Before version 5 a request's card message was part of the request (<c>origin.messageId</c>, <c>origin.link</c>);
    /// opening such a file copies each into <c>request_cards</c>, so cards of requests in flight keep updating in place.
    /// </summary>
    public const string MoveCardMessages = """
        INSERT OR IGNORE INTO request_cards (request_id, json)
        SELECT id, json_object(
            'requestId', id,
            'platform', json_extract(json, '$.origin.platform'),
            'conversationId', json_extract(json, '$.origin.conversationId'),
            'messageId', json_extract(json, '$.origin.messageId'),
            'link', json_extract(json, '$.origin.link'))
        FROM requests
        WHERE json_extract(json, '$.origin.messageId') IS NOT NULL;
        """;

    public const string Create = """
        CREATE TABLE IF NOT EXISTS requests (
            id TEXT NOT NULL PRIMARY KEY,
            version INTEGER NOT NULL,
            status TEXT NOT NULL,
            incident TEXT NULL,
            created_at INTEGER NOT NULL,
            json TEXT NOT NULL);
        CREATE INDEX IF NOT EXISTS ix_requests_status ON requests (status, created_at);
        CREATE INDEX IF NOT EXISTS ix_requests_incident ON requests (incident, created_at) WHERE incident IS NOT NULL;

        CREATE TABLE IF NOT EXISTS outputs (
            request_id TEXT NOT NULL,
            device TEXT NOT NULL,
            json TEXT NOT NULL,
            PRIMARY KEY (request_id, device));

        CREATE TABLE IF NOT EXISTS device_locks (
            device TEXT NOT NULL PRIMARY KEY,
            request_id TEXT NOT NULL,
            version INTEGER NOT NULL,
            lease_until INTEGER NOT NULL,
            json TEXT NOT NULL);

        CREATE TABLE IF NOT EXISTS session_slots (
            device TEXT NOT NULL,
            slot INTEGER NOT NULL,
            holder TEXT NOT NULL,
            version INTEGER NOT NULL,
            lease_until INTEGER NOT NULL,
            PRIMARY KEY (device, slot)) WITHOUT ROWID;

        CREATE TABLE IF NOT EXISTS incidents (
            id TEXT NOT NULL PRIMARY KEY,
            version INTEGER NOT NULL,
            state TEXT NOT NULL,
            opened_at INTEGER NOT NULL,
            json TEXT NOT NULL);
        CREATE INDEX IF NOT EXISTS ix_incidents_state ON incidents (state, opened_at);

        CREATE TABLE IF NOT EXISTS incident_conversations (
            platform TEXT NOT NULL,
            conversation_id TEXT NOT NULL,
            incident_id TEXT NOT NULL,
            PRIMARY KEY (platform, conversation_id, incident_id)) WITHOUT ROWID;
        CREATE INDEX IF NOT EXISTS ix_incident_conversations_incident ON incident_conversations (incident_id);

        CREATE TABLE IF NOT EXISTS conversation_endpoints (
            platform TEXT NOT NULL,
            conversation_id TEXT NOT NULL,
            json TEXT NOT NULL,
            PRIMARY KEY (platform, conversation_id)) WITHOUT ROWID;

        CREATE TABLE IF NOT EXISTS chat_state (
            key TEXT NOT NULL PRIMARY KEY,
            value TEXT NOT NULL,
            expires_at INTEGER NOT NULL);
        CREATE INDEX IF NOT EXISTS ix_chat_state_expires ON chat_state (expires_at);

        CREATE TABLE IF NOT EXISTS audit_events (
            partition TEXT NOT NULL,
            sequence INTEGER NOT NULL,
            id TEXT NOT NULL,
            hash TEXT NOT NULL,
            json TEXT NOT NULL,
            PRIMARY KEY (partition, sequence)) WITHOUT ROWID;

        CREATE TABLE IF NOT EXISTS queue_messages (
            seq INTEGER PRIMARY KEY AUTOINCREMENT,
            queue TEXT NOT NULL,
            id TEXT NOT NULL,
            body TEXT NOT NULL,
            enqueued_at INTEGER NOT NULL,
            visible_at INTEGER NOT NULL,
            expires_at INTEGER NULL,
            lock_token TEXT NULL,
            delivery_count INTEGER NOT NULL DEFAULT 0,
            state INTEGER NOT NULL DEFAULT 0,
            settled_at INTEGER NULL,
            UNIQUE (queue, id));
        CREATE INDEX IF NOT EXISTS ix_queue_messages_visible ON queue_messages (queue, visible_at, seq) WHERE state = 0;
        CREATE INDEX IF NOT EXISTS ix_queue_messages_settled ON queue_messages (queue, settled_at) WHERE state <> 0;

        CREATE TABLE IF NOT EXISTS queue_dead_letters (
            seq INTEGER PRIMARY KEY AUTOINCREMENT,
            queue TEXT NOT NULL,
            id TEXT NOT NULL,
            body TEXT NOT NULL,
            reason TEXT NOT NULL,
            delivery_count INTEGER NOT NULL,
            dead_lettered_at INTEGER NOT NULL);
        CREATE INDEX IF NOT EXISTS ix_queue_dead_letters_queue ON queue_dead_letters (queue, seq);

        CREATE TABLE IF NOT EXISTS queue_dead_letter_descriptions (
            seq INTEGER NOT NULL PRIMARY KEY,
            description TEXT NOT NULL);

        CREATE TABLE IF NOT EXISTS change_outbox (
            sink TEXT NOT NULL,
            incident TEXT NOT NULL,
            sequence INTEGER NOT NULL,
            state TEXT NOT NULL,
            version INTEGER NOT NULL,
            json TEXT NOT NULL,
            PRIMARY KEY (sink, incident, sequence)) WITHOUT ROWID;
        CREATE INDEX IF NOT EXISTS ix_change_outbox_state ON change_outbox (state, incident, sink, sequence);
        CREATE INDEX IF NOT EXISTS ix_change_outbox_incident ON change_outbox (incident, sink, sequence);

        CREATE TABLE IF NOT EXISTS change_links (
            sink TEXT NOT NULL,
            incident TEXT NOT NULL,
            version INTEGER NOT NULL,
            json TEXT NOT NULL,
            PRIMARY KEY (incident, sink)) WITHOUT ROWID;
        CREATE TABLE IF NOT EXISTS request_cards (
            request_id TEXT NOT NULL PRIMARY KEY,
            json TEXT NOT NULL) WITHOUT ROWID;

        CREATE TABLE IF NOT EXISTS alert_notifications (
            seq INTEGER PRIMARY KEY AUTOINCREMENT,
            source TEXT NOT NULL,
            id TEXT NOT NULL,
            received_at INTEGER NOT NULL,
            processed_at INTEGER NULL,
            json TEXT NOT NULL,
            UNIQUE (source, id));
        CREATE INDEX IF NOT EXISTS ix_alert_notifications_pending ON alert_notifications (received_at, seq) WHERE processed_at IS NULL;

        CREATE TABLE IF NOT EXISTS alert_groups (
            source TEXT NOT NULL,
            group_key TEXT NOT NULL,
            version INTEGER NOT NULL,
            json TEXT NOT NULL,
            PRIMARY KEY (source, group_key)) WITHOUT ROWID;

        CREATE TABLE IF NOT EXISTS lock_watches (
            device TEXT NOT NULL,
            request_id TEXT NOT NULL,
            watcher TEXT NOT NULL,
            created_at INTEGER NOT NULL,
            json TEXT NOT NULL,
            PRIMARY KEY (device, request_id, watcher)) WITHOUT ROWID;
        CREATE TABLE IF NOT EXISTS change_windows (
            id TEXT NOT NULL PRIMARY KEY,
            version INTEGER NOT NULL,
            state TEXT NOT NULL,
            platform TEXT NOT NULL,
            conversation_id TEXT NOT NULL,
            opened_at INTEGER NOT NULL,
            starts_at INTEGER NOT NULL,
            json TEXT NOT NULL) WITHOUT ROWID;
        CREATE INDEX IF NOT EXISTS ix_change_windows_conversation ON change_windows (platform, conversation_id, opened_at);
        CREATE INDEX IF NOT EXISTS ix_change_windows_state ON change_windows (state, starts_at);

        CREATE TABLE IF NOT EXISTS alert_card_claims (
            incident_id TEXT NOT NULL PRIMARY KEY,
            owner TEXT NOT NULL,
            until INTEGER NOT NULL) WITHOUT ROWID;
        CREATE TABLE IF NOT EXISTS device_last_changes (
            device TEXT NOT NULL PRIMARY KEY,
            at INTEGER NOT NULL,
            request_id TEXT NOT NULL,
            json TEXT NOT NULL) WITHOUT ROWID;

        CREATE TABLE IF NOT EXISTS device_change_backfill (
            id INTEGER NOT NULL PRIMARY KEY CHECK (id = 1),
            owner TEXT NOT NULL,
            until INTEGER NOT NULL,
            completed_at INTEGER NULL,
            json TEXT NOT NULL);
        """;
}
