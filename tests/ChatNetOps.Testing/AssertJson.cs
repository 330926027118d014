namespace ChatNetOps.Testing;

using System.Text.Json;

/// <summary>
/// Structural equality for records that hold dictionaries and lists (record equality compares those by reference).
/// Compares the reflection-based JSON of both values, which keeps DateTimeOffset offsets and ticks exact.
/// </summary>
public static class AssertJson
{
    private static readonly JsonSerializerOptions Options = new() { WriteIndented = true };

    public static void Equal<T>(T expected, T actual) =>
        Assert.Equal(JsonSerializer.Serialize(expected, Options), JsonSerializer.Serialize(actual, Options));
}
