namespace ChatNetOps.Storage.Sqlite.Alerts;

using ChatNetOps.Core.Alerts;
using ChatNetOps.Storage.Sqlite.Database;

/// <summary>One row per incident whose first card was claimed; a claim is one conditional upsert.</summary>
internal sealed class SqliteAlertCardClaimStore(SqliteDatabase database) : IAlertCardClaimStore
{
    // Taken when there is no row, when the row's claim ran out, or when it is the same owner's (renewed).
    private const string ClaimSql = """
        INSERT INTO alert_card_claims (incident_id, owner, until) VALUES ($incident, $owner, $until)
        ON CONFLICT (incident_id) DO UPDATE SET owner = excluded.owner, until = excluded.until
        WHERE alert_card_claims.until <= $now OR alert_card_claims.owner = excluded.owner;
        """;

    public async Task<bool> TryClaimAsync(string incidentId, string owner, DateTimeOffset now, DateTimeOffset until, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(incidentId);
        ArgumentNullException.ThrowIfNull(owner);
        var changed = await database.WriteAsync(
            connection => connection.Command(ClaimSql)
                .With("$incident", incidentId)
                .With("$owner", owner)
                .With("$until", SqliteValues.Ticks(until))
                .With("$now", SqliteValues.Ticks(now))
                .ExecuteNonQuery(),
            cancellationToken);
        return changed == 1;
    }
}
