namespace ChatNetOps.Inbound;

using System.Buffers;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

/// <summary>
/// The bounded read every inbound endpoint uses (Teams <c>/api/messages</c>, Slack <c>/slack/*</c>, and the alert
/// endpoints to come): at most <see cref="MaxBytes"/> whatever the framing. A declared <c>Content-Length</c> over the
/// cap is refused before a byte is read; a chunked (or otherwise unannounced) body is read only until it passes the
/// cap, and the server's own limit is lowered to the cap so Kestrel stops reading there too. Callers authenticate
/// what they can from the headers first and read the body only after that. Compiled into each inbound adapter as a
/// linked source file.
/// </summary>
internal static class InboundBody
{
    /// <summary>512 KiB: far above any Teams activity or Slack payload, far below what amplifies into memory.</summary>
    public const int MaxBytes = 512 * 1024;

    /// <summary>True when the request announces more than <paramref name="maxBytes"/>: refuse it without reading.</summary>
    public static bool DeclaresMoreThan(HttpRequest request, int maxBytes = MaxBytes) => request.ContentLength > maxBytes;

    /// <summary>
    /// The body, or null when it is larger than <paramref name="maxBytes"/> (the caller answers 413). Reading stops
    /// at the first buffer past the cap, so a refused body costs at most the cap plus one read.
    /// </summary>
    public static async Task<byte[]?> ReadAsync(HttpRequest request, CancellationToken cancellationToken, int maxBytes = MaxBytes)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (DeclaresMoreThan(request, maxBytes))
        {
            return null;
        }

        if (request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit
            && (limit.MaxRequestBodySize is null || limit.MaxRequestBodySize > maxBytes))
        {
            limit.MaxRequestBodySize = maxBytes;
        }

        var reader = request.BodyReader;
        try
        {
            while (true)
            {
                var result = await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
                if (result.Buffer.Length > maxBytes)
                {
                    reader.AdvanceTo(result.Buffer.End);
                    return null;
                }

                if (result.IsCompleted)
                {
                    var bytes = result.Buffer.ToArray();
                    reader.AdvanceTo(result.Buffer.End);
                    return bytes;
                }

                reader.AdvanceTo(result.Buffer.Start, result.Buffer.End);
            }
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return null;
        }
    }
}
