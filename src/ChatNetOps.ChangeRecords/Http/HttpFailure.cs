namespace ChatNetOps.ChangeRecords.Http;

using System.Globalization;
using System.Net;
using System.Text.Json;
using ChatNetOps.Core.ChangeRecords;

/// <summary>
/// Turns a failed response into a <see cref="ChangeRecordException"/>: 408, 429 and 5xx are transient (with the server's
/// Retry-After, seconds or HTTP date, else the time to its X-RateLimit-Reset); 401/403 are permanent with a fix-it message naming the settings; other 4xx are
/// permanent with the remote system's own error text (never a header or a credential).
/// </summary>
internal static class HttpFailure
{
    private const int MaxErrorText = 300;

    public static async Task<ChangeRecordException> FromAsync(string system, string operation, HttpResponseMessage response, string credentialsHint, TimeProvider time, CancellationToken cancellationToken)
    {
        var status = (int)response.StatusCode;
        var retryAfter = RateLimitGate.Wait(response, time);
        var text = await ErrorTextAsync(response, cancellationToken);
        var message = $"{system} answered {status} {response.ReasonPhrase} to {operation}{(text is null ? string.Empty : $": {text}")}";
        return response.StatusCode switch
        {
            HttpStatusCode.Unauthorized => new ChangeRecordException($"{message}. The credentials were refused: check {credentialsHint}.", transient: false),
            HttpStatusCode.Forbidden => new ChangeRecordException($"{message}. The account lacks a role or permission for this call: check the roles of the account in {credentialsHint}.", transient: false),
            HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests => new ChangeRecordException(message, transient: true, retryAfter),
            _ when status >= 500 => new ChangeRecordException(message, transient: true, retryAfter),
            _ => new ChangeRecordException(message, transient: false),
        };
    }

    public static TimeSpan? RetryAfter(HttpResponseMessage response, TimeProvider time)
    {
        if (response.Headers.RetryAfter is { } header)
        {
            if (header.Delta is { } delta)
            {
                return delta;
            }

            if (header.Date is { } date)
            {
                var wait = date - time.GetUtcNow();
                return wait > TimeSpan.Zero ? wait : TimeSpan.Zero;
            }
        }

        return response.Headers.TryGetValues("Retry-After", out var values)
            && int.TryParse(values.FirstOrDefault(), NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
            ? TimeSpan.FromSeconds(seconds)
            : null;
    }

    private static async Task<string?> ErrorTextAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        string body;
        try
        {
            body = await response.Content.ReadAsStringAsync(cancellationToken);
        }
        catch (HttpRequestException)
        {
            return null;
        }

        if (string.IsNullOrWhiteSpace(body))
        {
            return null;
        }

        try
        {
            using var json = JsonDocument.Parse(body);
            var root = json.RootElement;

            // ServiceNow: {"error":{"message","detail"},"status":"failure"}; Jira: {"errorMessages":[...],"errors":{...}}.
            if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("error", out var error) && error.ValueKind == JsonValueKind.Object)
            {
                var parts = new[] { "message", "detail" }
                    .Select(p => error.TryGetProperty(p, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null)
                    .Where(s => !string.IsNullOrWhiteSpace(s));
                return Clip(string.Join(" — ", parts));
            }

            if (root.ValueKind == JsonValueKind.Object && (root.TryGetProperty("errorMessages", out _) || root.TryGetProperty("errors", out _)))
            {
                var messages = new List<string>();
                if (root.TryGetProperty("errorMessages", out var list) && list.ValueKind == JsonValueKind.Array)
                {
                    messages.AddRange(list.EnumerateArray().Where(e => e.ValueKind == JsonValueKind.String).Select(e => e.GetString()!));
                }

                if (root.TryGetProperty("errors", out var errors) && errors.ValueKind == JsonValueKind.Object)
                {
                    messages.AddRange(errors.EnumerateObject().Select(p => $"{p.Name}: {p.Value}"));
                }

                return Clip(string.Join("; ", messages));
            }
        }
        catch (JsonException)
        {
        }

        return null;
    }

    private static string? Clip(string text) =>
        string.IsNullOrWhiteSpace(text) ? null : text.Length <= MaxErrorText ? text : text[..MaxErrorText] + "…";
}
