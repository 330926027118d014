namespace ChatNetOps.Slack.Tests.Fakes;

using System.Diagnostics;
using System.Text.Json.Nodes;

/// <summary>
/// Type-checks Block Kit payloads with the TypeScript compiler against Slack's official <c>@slack/types</c>
/// (tests/slack-types). Installs the package with <c>npm ci</c> on first use.
/// </summary>
public static class SlackTypesChecker
{
    private static readonly SemaphoreSlim InstallLock = new(1, 1);

    /// <summary>Returns "name: message" per type error; empty when every payload type-checks.</summary>
    public static async Task<List<string>> CheckAsync(IEnumerable<(string Name, string Kind, JsonNode Payload)> payloads)
    {
        await EnsureInstalledAsync();
        var input = new JsonArray([.. payloads.Select(p => (JsonNode)new JsonObject { ["name"] = p.Name, ["kind"] = p.Kind, ["payload"] = p.Payload.DeepClone() })]);
        var file = Path.Combine(Path.GetTempPath(), "slack-payloads-" + Guid.NewGuid().ToString("N") + ".json");
        await File.WriteAllTextAsync(file, input.ToJsonString());
        try
        {
            var (exit, stdout, stderr) = await RunAsync("node", ["check-payloads.mjs", file], TimeSpan.FromMinutes(3));
            var line = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).LastOrDefault();
            if (line is null || JsonNode.Parse(line) is not JsonObject result)
            {
                throw new InvalidOperationException($"check-payloads.mjs exited {exit} without a result: {stdout}\n{stderr}");
            }

            Assert.Equal(input.Count, (int)result["checked"]!);
            return [.. result["errors"]!.AsArray().Select(e => $"{e!["name"]}: {e["message"]}")];
        }
        finally
        {
            File.Delete(file);
        }
    }

    private static async Task EnsureInstalledAsync()
    {
        await InstallLock.WaitAsync();
        try
        {
            if (Directory.Exists(Path.Combine(RepoPaths.SlackTypes, "node_modules", "@slack", "types")))
            {
                return;
            }

            var (exit, stdout, stderr) = await RunAsync("npm", ["ci", "--no-audit", "--no-fund"], TimeSpan.FromMinutes(5));
            if (exit != 0)
            {
                throw new InvalidOperationException($"npm ci in {RepoPaths.SlackTypes} failed ({exit}): {stdout}\n{stderr}");
            }
        }
        finally
        {
            InstallLock.Release();
        }
    }

    private static async Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(string fileName, string[] arguments, TimeSpan timeout)
    {
        var start = new ProcessStartInfo(fileName)
        {
            WorkingDirectory = RepoPaths.SlackTypes,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {fileName}; the Slack type tests need node and npm on PATH.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cancel = new CancellationTokenSource(timeout);
        await process.WaitForExitAsync(cancel.Token);
        return (process.ExitCode, await stdout, await stderr);
    }
}
