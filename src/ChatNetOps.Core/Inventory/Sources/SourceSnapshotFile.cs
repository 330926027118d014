namespace ChatNetOps.Core.Inventory.Sources;

using System.Text.Json;
using System.Text.Json.Serialization;

/// <summary>The last good snapshot of a source as kept on disk: the mapped records, not the built devices.</summary>
public sealed record SourceSnapshotFile(string Kind, string Location, DateTimeOffset FetchedAt, string Version, IReadOnlyList<SourceDevice> Devices)
{
    /// <summary>Writes to a temporary file beside <paramref name="path"/> and moves it into place, so a reader never sees half a snapshot.</summary>
    public async Task WriteAsync(string path, CancellationToken cancellationToken)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(path))!;
        Directory.CreateDirectory(directory);
        var temporary = Path.Combine(directory, $".{Path.GetFileName(path)}.{Guid.NewGuid():N}.tmp");
        try
        {
            await using (var stream = File.Create(temporary))
            {
                await JsonSerializer.SerializeAsync(stream, this, SourceJsonContext.Default.SourceSnapshotFile, cancellationToken);
            }

            File.Move(temporary, path, overwrite: true);
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    /// <summary>The snapshot at <paramref name="path"/>; null when there is none or it cannot be read (the reason in <paramref name="problem"/>).</summary>
    public static SourceSnapshotFile? TryRead(string path, out string? problem)
    {
        problem = null;
        if (!File.Exists(path))
        {
            return null;
        }

        try
        {
            using var stream = File.OpenRead(path);
            return JsonSerializer.Deserialize(stream, SourceJsonContext.Default.SourceSnapshotFile);
        }
        catch (Exception e) when (e is JsonException or IOException or UnauthorizedAccessException or NotSupportedException)
        {
            problem = $"{path}: {e.Message}";
            return null;
        }
    }
}

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(SourceSnapshotFile))]
[JsonSerializable(typeof(SourceDevice))]
internal sealed partial class SourceJsonContext : JsonSerializerContext;
