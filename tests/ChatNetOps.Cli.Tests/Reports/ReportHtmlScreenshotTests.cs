namespace ChatNetOps.Cli.Tests.Reports;

using System.Buffers.Binary;
using System.Diagnostics;
using System.IO.Compression;

/// <summary>
/// The html report rendered by headless Chromium (installed by ci/install-playground.sh) at a phone's and a laptop's
/// width: the page loads from a file with nothing else, and the screenshot has that width and real content.
/// </summary>
public sealed class ReportHtmlScreenshotTests
{
    private static string Chromium =>
        Environment.GetEnvironmentVariable("CHROMIUM_PATH") is { Length: > 0 } configured ? configured
        : File.Exists("/usr/bin/chromium") ? "/usr/bin/chromium"
        : "/usr/bin/chromium-browser";

    [SkippableTheory]
    [InlineData(390, 844)]
    [InlineData(1366, 900)]
    public async Task HtmlReport_RendersInHeadlessChromium(int width, int height)
    {
        Skip.IfNot(File.Exists(Chromium), $"Chromium is not installed at {Chromium}; run ci/install-playground.sh");
        await using var trail = new ReportTrail();
        await KnownTrail.WriteAsync(trail.Scenario);
        var page = Path.Combine(trail.Folder, "report.html");
        var shot = Path.Combine(trail.Folder, $"report-{width}.png");
        Assert.Equal(0, (await trail.RunCliAsync("report", "--since", "2026-11-01", "--until", "2026-11-03", "--format", "html", "--out", page)).Exit);

        var chromium = Process.Start(new ProcessStartInfo(Chromium)
        {
            ArgumentList =
            {
                "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--no-first-run", "--disable-extensions",
                "--user-data-dir=" + Path.Combine(trail.Folder, "chromium-profile"),
                $"--window-size={width},{height}", "--screenshot=" + shot, new Uri(page).AbsoluteUri,
            },
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        })!;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        var stderr = chromium.StandardError.ReadToEndAsync(timeout.Token);
        await chromium.StandardOutput.ReadToEndAsync(timeout.Token);
        await chromium.WaitForExitAsync(timeout.Token);

        Assert.True(File.Exists(shot), "no screenshot; chromium said: " + await stderr);
        var png = await File.ReadAllBytesAsync(shot);
        Assert.Equal((width, height), Dimensions(png));
        Assert.True(DistinctPixelBytes(png) > 40, "the screenshot is (nearly) blank");
    }

    private static (int Width, int Height) Dimensions(byte[] png)
    {
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], png[..4]);
        return (BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(16)), BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(20)));
    }

    /// <summary>How many distinct byte values the decompressed image data holds: a blank page has a handful.</summary>
    private static int DistinctPixelBytes(byte[] png)
    {
        using var idat = new MemoryStream();
        for (var offset = 8; offset < png.Length;)
        {
            var length = BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(offset));
            var type = System.Text.Encoding.ASCII.GetString(png, offset + 4, 4);
            if (type == "IDAT")
            {
                idat.Write(png, offset + 8, length);
            }

            offset += 12 + length;
        }

        idat.Position = 0;
        using var zlib = new ZLibStream(idat, CompressionMode.Decompress);
        var seen = new bool[256];
        var buffer = new byte[81920];
        int read;
        while ((read = zlib.Read(buffer)) > 0)
        {
            foreach (var b in buffer.AsSpan(0, read))
            {
                seen[b] = true;
            }
        }

        return seen.Count(s => s);
    }
}
