namespace ChatNetOps.Cli.Tests.Commands;

using ChatNetOps.Cli;

public sealed class LintCommandTests
{
    private static readonly string Shipped = FindInventory();

    [Fact]
    public async Task Lint_ShippedInventory_ExitsZeroWithSummary()
    {
        var (code, stdout, stderr) = await RunAsync("lint", "--inventory", Shipped);

        Assert.Equal(0, code);
        Assert.Equal("", stderr);
        Assert.Matches(@"^inventory OK: \d+ devices, \d+ runbooks, \d+ members\r?\n$", stdout);
    }

    [Fact]
    public async Task Lint_BrokenCopy_ExitsOneAndPrintsFileLineForEveryProblem()
    {
        var dir = CopyOfShipped();
        try
        {
            Replace(Path.Combine(dir, "devices.yaml"), "port: 22", "port: 0");
            Replace(Path.Combine(dir, "runbooks.yaml"), "clear ip ospf neighbor {neighbor}", "clear ip ospf neighbor {peer}");
            Replace(Path.Combine(dir, "policy.yaml"), "roles: [viewer]", "roles: [observer]");

            var (code, stdout, _) = await RunAsync("lint", "--inventory", dir);

            Assert.Equal(1, code);
            var lines = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd('\r')).ToArray();
            Assert.Equal(4, lines.Length);
            Assert.Equal($"{Path.Combine(dir, "devices.yaml")}:{LineOf(dir, "devices.yaml", "port: 0")}: port 0 of device 'fw-edge-01' is outside 1..65535", lines[0]);
            Assert.StartsWith($"{Path.Combine(dir, "runbooks.yaml")}:{LineOf(dir, "runbooks.yaml", "{peer}")}: ", lines[1], StringComparison.Ordinal);
            Assert.StartsWith($"{Path.Combine(dir, "policy.yaml")}:{LineOf(dir, "policy.yaml", "roles: [observer]")}: ", lines[2], StringComparison.Ordinal);
            Assert.StartsWith("inventory has 3 problem(s)", lines[3], StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public async Task Lint_BrokenJumpHostChain_ExitsOneNamingEachProblemAtItsLine()
    {
        var dir = CopyOfShipped();
        try
        {
            var devices = Path.Combine(dir, "devices.yaml");
            Replace(devices, "    host_key_fingerprint: SHA256:aQuIJKUdoBdv2NS5I8sQN34EGTwehuhXuqMc6KfiVIo\n    session_limit: 2 ", "    session_limit: 2 ");
            Replace(devices, "channels_per_session: 10  #", "channels_per_session: 10\n    via: jump-01  #");
            Replace(devices, "via: jump-01   # the access", "via: jump-02   # the access");

            var (code, stdout, _) = await RunAsync("lint", "--inventory", dir);

            Assert.Equal(1, code);
            var lines = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd('\r')).ToArray();
            Assert.Equal(
                [
                    $"{devices}:{LineOf(dir, "devices.yaml", "description: The ams1 bastion") - 1}: jump host 'jump-01' has no host_key_fingerprint; pin its SSH host key as ssh-keygen -lf prints it (jump hosts are never trusted on first use)",
                    $"{devices}:{LineOf(dir, "devices.yaml", "via: jump-01  #")}: jump hosts form a loop: jump-01 -> jump-01",
                    $"{devices}:{LineOf(dir, "devices.yaml", "via: jump-02")}: via in defaults of group 'access' names unknown jump host 'jump-02'; declare it under jump_hosts or use via: direct",
                    $"inventory has 3 problem(s) (3 error(s)) in {dir}",
                ],
                lines);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public async Task Lint_MissingFolder_ExitsOne()
    {
        var (code, _, stderr) = await RunAsync("lint", "--inventory", Path.Combine(Path.GetTempPath(), "no-such-inventory-" + Guid.NewGuid().ToString("N")));

        Assert.Equal(1, code);
        Assert.Contains("inventory folder not found", stderr, StringComparison.Ordinal);
    }

    private static async Task<(int Code, string Stdout, string Stderr)> RunAsync(params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var code = await CliApp.RunAsync(args, stdout, stderr, CancellationToken.None);
        return (code, stdout.ToString(), stderr.ToString());
    }

    private static string CopyOfShipped()
    {
        var dir = Path.Combine(Path.GetTempPath(), "chatnetops-lint-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        foreach (var file in Directory.GetFiles(Shipped, "*.yaml"))
        {
            File.Copy(file, Path.Combine(dir, Path.GetFileName(file)));
        }

        return dir;
    }

    private static void Replace(string path, string find, string replacement)
    {
        var text = File.ReadAllText(path);
        var index = text.IndexOf(find, StringComparison.Ordinal);
        Assert.True(index >= 0, $"'{find}' not in {path}");
        File.WriteAllText(path, text[..index] + replacement + text[(index + find.Length)..]);
    }

    private static int LineOf(string dir, string file, string text) =>
        Array.FindIndex(File.ReadAllLines(Path.Combine(dir, file)), l => l.Contains(text, StringComparison.Ordinal)) + 1;

    private static string FindInventory()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "inventory");
            if (File.Exists(Path.Combine(candidate, "runbooks.yaml")) && File.Exists(Path.Combine(dir.FullName, "Directory.Build.props")))
            {
                return candidate;
            }
        }

        throw new InvalidOperationException("Could not find the repository's inventory/ folder above " + AppContext.BaseDirectory);
    }
}
