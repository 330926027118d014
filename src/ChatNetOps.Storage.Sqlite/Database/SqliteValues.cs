namespace ChatNetOps.Storage.Sqlite.Database;

using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.Data.Sqlite;

/// <summary>Conversions between Core values and columns: times as UTC ticks, ETags as row versions, documents as JSON.</summary>
internal static class SqliteValues
{
    public static long Ticks(DateTimeOffset value) => value.UtcTicks;

    public static string ETag(long version) => version.ToString(CultureInfo.InvariantCulture);

    /// <summary>The row version an ETag names; false for anything this store did not hand out.</summary>
    public static bool TryParseETag(string? etag, out long version) =>
        long.TryParse(etag, NumberStyles.None, CultureInfo.InvariantCulture, out version);

    public static string Serialize<T>(T value, JsonTypeInfo<T> typeInfo) => JsonSerializer.Serialize(value, typeInfo);

    public static T Deserialize<T>(SqliteDataReader reader, int ordinal, JsonTypeInfo<T> typeInfo)
    {
        // The column is UTF-8 text; reading its bytes skips a UTF-16 round trip.
        return Deserialize(reader.GetFieldValue<byte[]>(ordinal), typeInfo);
    }

    public static T Deserialize<T>(byte[] json, JsonTypeInfo<T> typeInfo)
    {
        return JsonSerializer.Deserialize(json, typeInfo)
            ?? throw new InvalidDataException("A stored document is JSON null; the database file has been edited by hand or is corrupt.");
    }

    public static SqliteCommand With(this SqliteCommand command, string name, object? value)
    {
        command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        return command;
    }
}
