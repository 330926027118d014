namespace ChatNetOps.Azure.Audit;

using System.Globalization;
using System.Net;
using System.Runtime.CompilerServices;
using ChatNetOps.Core.Audit.Checkpoints;
using global::Azure;
using global::Azure.Storage.Blobs;
using global::Azure.Storage.Blobs.Models;

/// <summary>
/// Audit checkpoints as blobs in a container under a version-level immutability (WORM) policy: record n is the block blob
/// <c>{prefix}{n:D12}.json</c>, created with <c>If-None-Match: *</c> so two writers racing for the same number see one win
/// (409/412 for the other) and nothing is ever overwritten; the policy keeps administrators of the audit store (and of
/// this account's data) from deleting or rewriting them while it lasts. Reading lists the prefix in name order (which is
/// number order) and downloads each record; the last record is found by probing for the highest number.
/// </summary>
internal sealed class BlobCheckpointSink(BlobContainerClient container, string prefix, bool createContainer) : IAuditCheckpointSink
{
    private const int ParallelDownloads = 8;
    private bool _containerReady = !createContainer;

    public string Description => $"blob container {container.Uri.AbsoluteUri.TrimEnd('/')}/{prefix}";

    public async Task<bool> TryAppendAsync(long position, ReadOnlyMemory<byte> content, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(position, 1);
        await EnsureContainerAsync(cancellationToken);
        if (position > 1 && !await ExistsAsync(position - 1, cancellationToken))
        {
            throw new InvalidOperationException($"Checkpoint {position} would leave a gap in {Description}: {Name(position - 1)} does not exist.");
        }

        try
        {
            await container.GetBlobClient(Name(position)).UploadAsync(
                BinaryData.FromBytes(content),
                new BlobUploadOptions
                {
                    Conditions = new BlobRequestConditions { IfNoneMatch = ETag.All },
                    HttpHeaders = new BlobHttpHeaders { ContentType = "application/json" },
                },
                cancellationToken);
            return true;
        }
        catch (RequestFailedException e) when (e.Status is (int)HttpStatusCode.Conflict or (int)HttpStatusCode.PreconditionFailed)
        {
            return false;
        }
        catch (RequestFailedException e) when (e.Status == (int)HttpStatusCode.NotFound)
        {
            throw new InvalidOperationException(
                $"The checkpoint container of {Description} does not exist ({e.ErrorCode}); infra/ creates it with its immutability policy.", e);
        }
        catch (RequestFailedException e) when (e.Status == (int)HttpStatusCode.Forbidden)
        {
            throw new InvalidOperationException(
                $"Blob Storage refused to write {Name(position)} in {Description} ({e.ErrorCode}): give this host's identity the Storage Blob Data Contributor role on the container.", e);
        }
    }

    public async IAsyncEnumerable<CheckpointRecord> ReadAsync(long fromPosition, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var pending = new Queue<(long Position, string Name, Task<byte[]> Content)>();
        await foreach (var item in ListAsync(cancellationToken))
        {
            if (Position(item.Name) is not { } position || position < fromPosition)
            {
                continue;
            }

            pending.Enqueue((position, item.Name, DownloadAsync(item.Name, cancellationToken)));
            if (pending.Count >= ParallelDownloads)
            {
                var (p, name, content) = pending.Dequeue();
                yield return new CheckpointRecord(p, Location(name), await content);
            }
        }

        while (pending.TryDequeue(out var next))
        {
            yield return new CheckpointRecord(next.Position, Location(next.Name), await next.Content);
        }
    }

    public async Task<CheckpointRecord?> ReadLastAsync(CancellationToken cancellationToken)
    {
        if (!await ExistsAsync(1, cancellationToken))
        {
            return null;
        }

        // Records are numbered without gaps: find the highest by doubling, then halving.
        long low = 1;
        long high = 2;
        while (await ExistsAsync(high, cancellationToken))
        {
            low = high;
            high *= 2;
        }

        while (high - low > 1)
        {
            var middle = low + ((high - low) / 2);
            if (await ExistsAsync(middle, cancellationToken))
            {
                low = middle;
            }
            else
            {
                high = middle;
            }
        }

        return new CheckpointRecord(low, Location(Name(low)), await DownloadAsync(Name(low), cancellationToken));
    }

    private async IAsyncEnumerable<BlobItem> ListAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var pages = container.GetBlobsAsync(new GetBlobsOptions { Prefix = prefix }, cancellationToken).AsPages();
        await using var enumerator = pages.GetAsyncEnumerator(cancellationToken);
        while (true)
        {
            try
            {
                if (!await enumerator.MoveNextAsync())
                {
                    yield break;
                }
            }
            catch (RequestFailedException e) when (e.Status == (int)HttpStatusCode.NotFound)
            {
                // No container yet: no checkpoints yet.
                yield break;
            }

            foreach (var item in enumerator.Current.Values)
            {
                yield return item;
            }
        }
    }

    private async Task<byte[]> DownloadAsync(string name, CancellationToken cancellationToken)
    {
        var response = await container.GetBlobClient(name).DownloadContentAsync(
            new BlobDownloadOptions { Range = new HttpRange(0, AuditCheckpointCodec.MaxRecordBytes + 1L) }, cancellationToken);
        return response.Value.Content.ToArray();
    }

    private async Task<bool> ExistsAsync(long position, CancellationToken cancellationToken)
    {
        try
        {
            return (await container.GetBlobClient(Name(position)).ExistsAsync(cancellationToken)).Value;
        }
        catch (RequestFailedException e) when (e.Status == (int)HttpStatusCode.NotFound)
        {
            return false;
        }
    }

    private async Task EnsureContainerAsync(CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref _containerReady))
        {
            return;
        }

        await container.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
        Volatile.Write(ref _containerReady, true);
    }

    private string Name(long position) => prefix + position.ToString("D12", CultureInfo.InvariantCulture) + ".json";

    private long? Position(string name) =>
        name.StartsWith(prefix, StringComparison.Ordinal) && name.EndsWith(".json", StringComparison.Ordinal)
        && name.Length == prefix.Length + 12 + 5
        && long.TryParse(name.AsSpan(prefix.Length, 12), NumberStyles.None, CultureInfo.InvariantCulture, out var position) && position >= 1
            ? position
            : null;

    private string Location(string name) => $"blob {container.Uri.AbsoluteUri.TrimEnd('/')}/{name}";
}
