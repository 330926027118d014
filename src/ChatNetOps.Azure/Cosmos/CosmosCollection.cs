namespace ChatNetOps.Azure.Cosmos;

using System.Net;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Azure.Cosmos;
using Microsoft.Extensions.Logging;

/// <summary>
/// One container through the SDK's stream API with System.Text.Json documents. Expected outcomes (404, 409, 412) are
/// returned as status codes; 429 is retried by the SDK after its x-ms-retry-after-ms hint; 503 (and 408/449) are
/// retried here after the server's Retry-After or a short backoff; anything else throws <see cref="CosmosException"/>.
/// Every response's request charge is recorded.
/// </summary>
internal sealed class CosmosCollection(Container container, CosmosRequestCharges charges, TimeProvider time, ILogger logger)
{
    private const int MaxTransientAttempts = 4;

    public string Name => container.Id;

    public Container Container => container;

    public Task<CosmosResult> CreateAsync(string operation, JsonObject document, PartitionKey partitionKey, CancellationToken cancellationToken) =>
        SendAsync(operation, ct => container.CreateItemStreamAsync(ToStream(document), partitionKey, null, ct), cancellationToken);

    public Task<CosmosResult> ReadAsync(string operation, string id, PartitionKey partitionKey, CancellationToken cancellationToken) =>
        SendAsync(operation, ct => container.ReadItemStreamAsync(id, partitionKey, null, ct), cancellationToken);

    public Task<CosmosResult> ReplaceAsync(string operation, string id, JsonObject document, PartitionKey partitionKey, string ifMatch, CancellationToken cancellationToken) =>
        SendAsync(operation, ct => container.ReplaceItemStreamAsync(ToStream(document), id, partitionKey, new ItemRequestOptions { IfMatchEtag = ifMatch }, ct), cancellationToken);

    public Task<CosmosResult> UpsertAsync(string operation, JsonObject document, PartitionKey partitionKey, CancellationToken cancellationToken) =>
        SendAsync(operation, ct => container.UpsertItemStreamAsync(ToStream(document), partitionKey, null, ct), cancellationToken);

    public Task<CosmosResult> DeleteAsync(string operation, string id, PartitionKey partitionKey, string ifMatch, CancellationToken cancellationToken) =>
        SendAsync(operation, ct => container.DeleteItemStreamAsync(id, partitionKey, new ItemRequestOptions { IfMatchEtag = ifMatch }, ct), cancellationToken);

    /// <summary>Every document the query returns, page by page (continuation tokens), within one partition when given.</summary>
    public async IAsyncEnumerable<JsonElement> QueryAsync(
        string operation,
        QueryDefinition query,
        PartitionKey? partitionKey,
        int pageSize,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var options = new QueryRequestOptions { MaxItemCount = pageSize };
        if (partitionKey is { } pk)
        {
            options.PartitionKey = pk;
        }

        string? continuation = null;
        do
        {
            using var iterator = container.GetItemQueryStreamIterator(query, continuation, options);
            if (!iterator.HasMoreResults)
            {
                yield break;
            }

            JsonElement[] documents;
            using (var response = await ReadPageAsync(iterator, cancellationToken))
            {
                charges.Record(operation, response.Headers.RequestCharge);
                Log.CosmosCharge(logger, operation, Name, (int)response.StatusCode, response.Headers.RequestCharge);
                response.EnsureSuccessStatusCode();
                continuation = response.ContinuationToken;
                using var page = await JsonDocument.ParseAsync(response.Content, default, cancellationToken);
                documents = [.. page.RootElement.GetProperty("Documents").EnumerateArray().Select(e => e.Clone())];
            }

            foreach (var document in documents)
            {
                yield return document;
            }
        }
        while (continuation is not null);
    }

    public static MemoryStream ToStream(JsonObject document)
    {
        var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            document.WriteTo(writer);
        }

        stream.Position = 0;
        return stream;
    }

    public static string? ETagOf(JsonElement document) =>
        document.TryGetProperty("_etag", out var etag) && etag.ValueKind == JsonValueKind.String ? etag.GetString() : null;

    private static bool IsTransient(HttpStatusCode status) =>
        status is HttpStatusCode.ServiceUnavailable or HttpStatusCode.RequestTimeout || (int)status == 449;

    private async Task<ResponseMessage> ReadPageAsync(FeedIterator iterator, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var response = await iterator.ReadNextAsync(cancellationToken);
            if (!IsTransient(response.StatusCode) || attempt >= MaxTransientAttempts)
            {
                return response;
            }

            var delay = Backoff(response, attempt);
            response.Dispose();
            await Task.Delay(delay, time, cancellationToken);
        }
    }

    private async Task<CosmosResult> SendAsync(string operation, Func<CancellationToken, Task<ResponseMessage>> send, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            using var response = await send(cancellationToken);
            charges.Record(operation, response.Headers.RequestCharge);
            Log.CosmosCharge(logger, operation, Name, (int)response.StatusCode, response.Headers.RequestCharge);
            if (IsTransient(response.StatusCode) && attempt < MaxTransientAttempts)
            {
                await Task.Delay(Backoff(response, attempt), time, cancellationToken);
                continue;
            }

            switch (response.StatusCode)
            {
                case HttpStatusCode.NotFound or HttpStatusCode.Conflict or HttpStatusCode.PreconditionFailed:
                    return new CosmosResult(response.StatusCode, null, null);
                case HttpStatusCode.NoContent:
                    return new CosmosResult(response.StatusCode, response.Headers.ETag, null);
            }

            response.EnsureSuccessStatusCode();
            JsonElement? document = null;
            if (response.Content is { } content)
            {
                using var parsed = await JsonDocument.ParseAsync(content, default, cancellationToken);
                document = parsed.RootElement.Clone();
            }

            return new CosmosResult(response.StatusCode, response.Headers.ETag ?? (document is { } d ? ETagOf(d) : null), document);
        }
    }

    private static TimeSpan Backoff(ResponseMessage response, int attempt) =>
        double.TryParse(response.Headers["x-ms-retry-after-ms"], System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var ms) && ms > 0
            ? TimeSpan.FromMilliseconds(ms)
            : TimeSpan.FromMilliseconds(100 * Math.Pow(2, attempt));
}
