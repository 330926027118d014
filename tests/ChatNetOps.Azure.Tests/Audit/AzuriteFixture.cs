namespace ChatNetOps.Azure.Tests.Audit;

using System.Diagnostics;
using System.Text.RegularExpressions;
using global::Azure.Storage;
using global::Azure.Storage.Blobs;

/// <summary>
/// Azurite, Microsoft's Azure Storage emulator (npm package <c>azurite</c>, pinned in tests/azurite), serving the Blob API
/// on 127.0.0.1 and a free port, in memory, started once for the tests of this collection. The emulator ends with this
/// object, or with the test process when that dies (the wrapper's stdin closes). Azurite's account and key are its
/// documented development ones (https://learn.microsoft.com/azure/storage/common/storage-use-azurite#well-known-storage-account-and-key).
/// Azurite does not enforce immutability policies; what it checks here is the sink's protocol (conditional creates, names, listing, ranges).
/// </summary>
public sealed partial class AzuriteFixture : IAsyncLifetime
{
    public const string AccountName = "devstoreaccount1";
    public const string AccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);
    private Process? _process;

    /// <summary><c>http://127.0.0.1:{port}/devstoreaccount1/</c>.</summary>
    public Uri ServiceUri { get; private set; } = null!;

    public BlobServiceClient Client { get; private set; } = null!;

    public static string PeerDirectory { get; } = Path.Combine(FindRepositoryRoot(), "tests", "azurite");

    public async Task InitializeAsync()
    {
        if (!Directory.Exists(Path.Combine(PeerDirectory, "node_modules", "azurite")))
        {
            await RunAsync("npm", "ci --no-audit --no-fund --silent", TimeSpan.FromMinutes(5));
        }

        var start = new ProcessStartInfo("node")
        {
            WorkingDirectory = PeerDirectory,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("server.js");
        _process = Process.Start(start) ?? throw new InvalidOperationException("node did not start");
        var listening = new TaskCompletionSource<Uri>(TaskCreationOptions.RunContinuationsAsynchronously);
        var output = new System.Text.StringBuilder();
        _process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null)
            {
                listening.TrySetException(new InvalidOperationException("Azurite ended before listening:\n" + output));
                return;
            }

            lock (output)
            {
                output.AppendLine(e.Data);
            }

            if (Listening().Match(e.Data) is { Success: true } m)
            {
                listening.TrySetResult(new Uri(m.Groups[1].Value + "/" + AccountName + "/"));
            }
        };
        _process.ErrorDataReceived += (_, e) =>
        {
            lock (output)
            {
                output.AppendLine(e.Data);
            }
        };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        ServiceUri = await listening.Task.WaitAsync(StartTimeout);
        Client = new BlobServiceClient(ServiceUri, new StorageSharedKeyCredential(AccountName, AccountKey));
    }

    public BlobContainerClient NewContainer() => Client.GetBlobContainerClient("t" + Guid.NewGuid().ToString("N")[..20]);

    public Task DisposeAsync()
    {
        if (_process is { HasExited: false })
        {
            _process.StandardInput.Close();
            if (!_process.WaitForExit(TimeSpan.FromSeconds(10)))
            {
                _process.Kill(entireProcessTree: true);
            }
        }

        _process?.Dispose();
        return Task.CompletedTask;
    }

    private static async Task RunAsync(string file, string arguments, TimeSpan timeout)
    {
        using var process = Process.Start(new ProcessStartInfo(file, arguments) { WorkingDirectory = PeerDirectory, UseShellExecute = false })
            ?? throw new InvalidOperationException($"{file} did not start");
        using var cts = new CancellationTokenSource(timeout);
        await process.WaitForExitAsync(cts.Token);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"'{file} {arguments}' in {PeerDirectory} exited {process.ExitCode}");
        }
    }

    private static string FindRepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "ChatNetOps.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("ChatNetOps.sln not found above " + AppContext.BaseDirectory);
    }

    [GeneratedRegex(@"successfully listens on (http://127\.0\.0\.1:\d+)")]
    private static partial Regex Listening();
}

[CollectionDefinition(Name)]
public sealed class AzuriteCollection : ICollectionFixture<AzuriteFixture>
{
    public const string Name = "Azurite";
}
