namespace ChatNetOps.Storage.Sqlite.Requests;

using ChatNetOps.Core;
using ChatNetOps.Core.Requests;
using ChatNetOps.Storage.Sqlite.Database;

/// <summary>
/// One row per device (its upper-case name, the primary key), replaced only by a newer change: the conditional upsert
/// compares the end time, then the request id, so concurrent or repeated writes settle on the newest.
/// </summary>
internal sealed class SqliteDeviceChangeStore(SqliteDatabase database) : IDeviceChangeStore
{
    private const int MaxDevicesPerRead = 500;

    private const string UpsertSql = """
        INSERT INTO device_last_changes (device, at, request_id, json) VALUES ($device, $at, $request, $json)
        ON CONFLICT (device) DO UPDATE SET at = excluded.at, request_id = excluded.request_id, json = excluded.json
        WHERE excluded.at > device_last_changes.at
           OR (excluded.at = device_last_changes.at AND excluded.request_id >= device_last_changes.request_id);
        """;

    private const string GetSql = "SELECT json FROM device_last_changes WHERE device = $device;";

    public async Task RecordAsync(IReadOnlyList<DeviceLastChange> changes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(changes);
        if (changes.Count == 0)
        {
            return;
        }

        var rows = changes.Select(c => (Key: DeviceLastChange.KeyOf(c.Device), c.At, c.RequestId, Json: SqliteValues.Serialize(c, CoreJsonContext.Default.DeviceLastChange))).ToArray();
        await database.WriteAsync(
            connection =>
            {
                foreach (var row in rows)
                {
                    connection.Command(UpsertSql)
                        .With("$device", row.Key)
                        .With("$at", SqliteValues.Ticks(row.At))
                        .With("$request", row.RequestId)
                        .With("$json", row.Json)
                        .ExecuteNonQuery();
                }

                return rows.Length;
            },
            cancellationToken);
    }

    public Task<IReadOnlyList<DeviceLastChange>> GetAsync(IReadOnlyCollection<string> devices, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(devices);
        cancellationToken.ThrowIfCancellationRequested();
        var keys = devices.Select(DeviceLastChange.KeyOf).Distinct(StringComparer.Ordinal).Take(MaxDevicesPerRead).ToArray();
        if (keys.Length == 0)
        {
            return Task.FromResult<IReadOnlyList<DeviceLastChange>>([]);
        }

        // One primary-key lookup per device (a card names a handful).
        using var lease = database.Read();
        var found = new List<DeviceLastChange>();
        foreach (var key in keys)
        {
            using var reader = lease.Command(GetSql).With("$device", key).ExecuteReader();
            if (reader.Read())
            {
                found.Add(SqliteValues.Deserialize(reader, 0, CoreJsonContext.Default.DeviceLastChange));
            }
        }

        return Task.FromResult<IReadOnlyList<DeviceLastChange>>(found);
    }
}
