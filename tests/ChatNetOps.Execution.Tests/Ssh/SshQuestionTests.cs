namespace ChatNetOps.Execution.Tests.Ssh;

using System.Diagnostics;
using ChatNetOps.Core.Execution;
using ChatNetOps.Core.Inventory;
using ChatNetOps.Core.Requests;
using ChatNetOps.Execution.Ssh;

/// <summary>
/// Devices that ask questions (the simulator's IOS <c>clear counters</c> / <c>clear ip ospf process</c>): a declared
/// question is answered once and recorded; any other fails the run at once, with nothing further typed.
/// </summary>
[Collection(SshdCollection.Name)]
public sealed class SshQuestionTests(SshdFixture sshd)
{
    // Generous timeouts: the point is that a question ends the run long before either of them.
    private static SshExecutorOptions Options => new()
    {
        ConnectTimeout = TimeSpan.FromSeconds(15),
        CommandTimeout = TimeSpan.FromSeconds(40),
        QuestionGrace = TimeSpan.FromMilliseconds(300),
    };

    private static readonly TimeSpan LogWait = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task UndeclaredConfirm_FailsAtOnceWithTheQuestion_AndTypesNothing()
    {
        var sim = await sshd.CreateDeviceAsync(Platform.CiscoIos);
        using var harness = new SshHarness(Options);
        var watch = Stopwatch.StartNew();

        var result = await RunAsync(harness, sim, new Dictionary<int, CommandConfirm>(), "show version", "clear counters", "show ip ospf neighbor");

        Assert.Equal(ExecutionStatus.Failed, result.Status);
        Assert.Equal(
            "the device asked: \"Clear \"show interface\" counters on all interfaces [confirm]\" in command 2 of 3 ('clear counters'), which the runbook declares no answer to; nothing further was sent",
            result.Error);
        Assert.InRange(watch.Elapsed, TimeSpan.Zero, TimeSpan.FromSeconds(30));
        Assert.EndsWith("acc-sw-01#clear counters\nClear \"show interface\" counters on all interfaces [confirm]", result.RawOutput, StringComparison.Ordinal);
        Assert.Empty(result.Answers);

        // The session was closed at the question: no answer, no Enter, no next command reached the device.
        await sim.WaitForLogAsync("closed at question clear counters", LogWait);
        Assert.DoesNotContain("answer '", sim.SimLog, StringComparison.Ordinal);
        Assert.DoesNotContain("command show ip ospf neighbor", sim.SimLog, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DeclaredConfirm_IsAnsweredOnce_AndRecorded()
    {
        var sim = await sshd.CreateDeviceAsync(Platform.CiscoIos);
        using var harness = new SshHarness(Options);

        var result = await RunAsync(
            harness, sim, new Dictionary<int, CommandConfirm> { [1] = new(@"\[confirm\]", string.Empty) },
            "show version", "clear counters", "show ip ospf neighbor");

        Assert.Equal(ExecutionStatus.Succeeded, result.Status);
        Assert.Null(result.Error);
        var answer = Assert.Single(result.Answers);
        Assert.Equal(new DeviceAnswer(2, "clear counters", "Clear \"show interface\" counters on all interfaces [confirm]", string.Empty), answer);
        Assert.Contains("acc-sw-01#show ip ospf neighbor\n", result.RawOutput, StringComparison.Ordinal);
        Assert.Single(sim.SimLog.Split('\n'), l => l.EndsWith("answer ''", StringComparison.Ordinal));
        Assert.Contains("confirmed clear counters", sim.SimLog, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DeclaredNoDefaultQuestion_IsAnsweredWithTheDeclaredText()
    {
        var sim = await sshd.CreateDeviceAsync(Platform.CiscoIos);
        using var harness = new SshHarness(Options);

        var result = await RunAsync(
            harness, sim, new Dictionary<int, CommandConfirm> { [0] = new(@"\[no\]:", "yes") },
            "clear ip ospf process");

        Assert.Equal(ExecutionStatus.Succeeded, result.Status);
        Assert.Equal("Reset ALL OSPF processes? [no]:", Assert.Single(result.Answers).Question);
        Assert.Contains("answer 'yes'", sim.SimLog, StringComparison.Ordinal);
        Assert.Contains("confirmed clear ospf process", sim.SimLog, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DeclaredAnswerForAnotherCommand_DoesNotAnswerThisOne()
    {
        var sim = await sshd.CreateDeviceAsync(Platform.CiscoIos);
        using var harness = new SshHarness(Options);

        // The answer is declared for command 1; command 2 asks.
        var result = await RunAsync(
            harness, sim, new Dictionary<int, CommandConfirm> { [0] = new(@"\[confirm\]", string.Empty) },
            "show version", "clear counters");

        Assert.Equal(ExecutionStatus.Failed, result.Status);
        Assert.StartsWith("the device asked: \"Clear \"show interface\" counters on all interfaces [confirm]\" in command 2 of 2", result.Error, StringComparison.Ordinal);
        await sim.WaitForLogAsync("closed at question clear counters", LogWait);
        Assert.DoesNotContain("answer '", sim.SimLog, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DeclaredExpectThatDoesNotMatch_FailsWithTheQuestionAsked()
    {
        var sim = await sshd.CreateDeviceAsync(Platform.CiscoIos);
        using var harness = new SshHarness(Options);

        var result = await RunAsync(
            harness, sim, new Dictionary<int, CommandConfirm> { [0] = new(@"\[yes/no\]", "yes") },
            "clear ip ospf process");

        Assert.Equal(ExecutionStatus.Failed, result.Status);
        Assert.StartsWith("the device asked: \"Reset ALL OSPF processes? [no]:\" in command 1 of 1", result.Error, StringComparison.Ordinal);
        await sim.WaitForLogAsync("closed at question clear ospf process", LogWait);
        Assert.DoesNotContain("confirmed", sim.SimLog, StringComparison.Ordinal);
    }

    [Fact]
    public async Task QuestionWordsInsideFinishedOutputLines_AreOutput()
    {
        var sim = await sshd.CreateDeviceAsync(Platform.CiscoIos);
        using var harness = new SshHarness(Options);

        var result = await RunAsync(harness, sim, new Dictionary<int, CommandConfirm>(), "show logging", "show version");

        Assert.Equal(ExecutionStatus.Succeeded, result.Status);
        Assert.Contains("logged command:clear counters [confirm]\n", result.RawOutput, StringComparison.Ordinal);
        Assert.Contains("operator answered (y/n) prompt with y", result.RawOutput, StringComparison.Ordinal);
        Assert.Empty(result.Answers);
    }

    private static Task<DeviceRunResult> RunAsync(SshHarness harness, SimDevice sim, IReadOnlyDictionary<int, CommandConfirm> confirms, params string[] commands)
    {
        harness.Credentials.Add(sim.Device.CredentialRef, sim.PasswordCredential);
        var plan = SshHarness.Plan(sim.Device, RunbookMode.StateChanging, TimeSpan.FromSeconds(60), commands) with { Confirms = confirms };
        return harness.Executor.ExecuteAsync(plan, CancellationToken.None);
    }
}
