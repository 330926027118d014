namespace ChatNetOps.Cli.Hosting;

using System.Net;

/// <summary>
/// Fetches an exported checkpoint log from a URL (e.g. a blob with a read-only SAS) into a temp file: https only (http only
/// to 127.0.0.1), no redirects to other hosts, at most <see cref="MaxBytes"/>, within <see cref="Timeout"/>.
/// </summary>
internal static class CheckpointDownload
{
    public const long MaxBytes = 1L << 30;

    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(5);

    public static async Task<string> ToTempFileAsync(Uri uri, CancellationToken cancellationToken)
    {
        if (uri.Scheme != Uri.UriSchemeHttps && !(uri.Scheme == Uri.UriSchemeHttp && uri.IsLoopback))
        {
            throw new CliUsageException($"--checkpoints {uri.GetLeftPart(UriPartial.Path)}: use https (http only for 127.0.0.1)");
        }

        using var handler = new SocketsHttpHandler { AllowAutoRedirect = false, AutomaticDecompression = DecompressionMethods.All };
        using var client = new HttpClient(handler) { Timeout = Timeout };
        using var response = await client.GetAsync(uri, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new CliUsageException($"--checkpoints {uri.GetLeftPart(UriPartial.Path)} answered {(int)response.StatusCode} {response.ReasonPhrase}");
        }

        if (response.Content.Headers.ContentLength > MaxBytes)
        {
            throw new CliUsageException($"--checkpoints {uri.GetLeftPart(UriPartial.Path)} is larger than {MaxBytes} bytes");
        }

        var path = Path.Combine(Path.GetTempPath(), "chatnetops-checkpoints-" + Guid.NewGuid().ToString("N") + ".jsonl");
        await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
        await using (var file = File.Create(path))
        {
            var buffer = new byte[1 << 16];
            long total = 0;
            int read;
            while ((read = await body.ReadAsync(buffer, cancellationToken)) > 0)
            {
                total += read;
                if (total > MaxBytes)
                {
                    file.Close();
                    File.Delete(path);
                    throw new CliUsageException($"--checkpoints {uri.GetLeftPart(UriPartial.Path)} is larger than {MaxBytes} bytes");
                }

                await file.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
            }
        }

        return path;
    }
}
