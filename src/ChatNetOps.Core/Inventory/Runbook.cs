namespace ChatNetOps.Core.Inventory;

/// <summary>A pre-approved runbook from <c>inventory/runbooks.yaml</c>.</summary>
/// <param name="Commands">Command templates per platform; placeholders <c>{input}</c> reference declared inputs only.</param>
/// <param name="Version">A stable hash of the runbook's definition; approvals are bound to it.</param>
public sealed record Runbook(
    string Name,
    string Description,
    RunbookMode Mode,
    IReadOnlyList<Platform> Platforms,
    IReadOnlyList<string> DeviceGroups,
    IReadOnlyList<RunbookInput> Inputs,
    IReadOnlyDictionary<Platform, IReadOnlyList<string>> Commands,
    ApprovalRule Approval,
    ChannelRequirement Channel,
    string BlastRadius,
    string Rollback,
    TimeSpan Timeout,
    string OutputFormat,
    string Version)
{
    /// <summary>The declared parser of the output (<c>parse:</c>), or null when the runbook shows raw output only.</summary>
    /// <remarks>Not part of <see cref="Version"/>: it reads output and decides nothing that is sent.</remarks>
    public ChatNetOps.Core.Parsing.OutputParser? Parser { get; init; }

    /// <summary>
    /// Declared device questions per platform, keyed by the index of the command template that asks them
    /// (<c>confirm:</c>); part of <see cref="Version"/>, since the answer is typed on the device.
    /// </summary>
    public IReadOnlyDictionary<Platform, IReadOnlyDictionary<int, CommandConfirm>> Confirms { get; init; } =
        new Dictionary<Platform, IReadOnlyDictionary<int, CommandConfirm>>();

    /// <summary>
    /// Raw CLI lines this runbook answers (<c>aliases:</c>, lower-case, single-spaced), e.g. <c>show ip ospf neighbor</c>.
    /// Chat never runs them: a typed raw command is pointed at the runbook instead.
    /// </summary>
    /// <remarks>Not part of <see cref="Version"/>: it only helps people find the runbook and changes nothing that is sent.</remarks>
    public IReadOnlyList<string> Aliases { get; init; } = [];

    /// <summary>
    /// A standard change (<c>standard: true</c>): inside an open, acknowledged change window whose scope covers the
    /// device, the window's acknowledgement is its approval; everywhere else it is approved per run like any other.
    /// </summary>
    public bool Standard { get; init; }

    /// <summary>The read-only runbook run when the change is requested (<c>pre_check:</c>); its verdict goes on the approval card.</summary>
    /// <remarks>
    /// Checks, compare rules, the rollback runbook and next steps are not part of <see cref="Version"/>: they read the
    /// device or offer further requests (each approved on its own) and change nothing that is sent.
    /// </remarks>
    public ChatNetOps.Core.Checks.CheckStep? PreCheck { get; init; }

    /// <summary>The read-only runbook run right after the change under the same lock (<c>post_check:</c>).</summary>
    public ChatNetOps.Core.Checks.CheckStep? PostCheck { get; init; }

    /// <summary>The rules that judge the pre- and post-check rows (<c>compare:</c>).</summary>
    public IReadOnlyList<ChatNetOps.Core.Checks.CompareRule> Compare { get; init; } = [];

    /// <summary>The state-changing runbook that undoes this one (<c>rollback_runbook:</c>), offered after a failure or regression.</summary>
    public ChatNetOps.Core.Checks.RunbookLink? RollbackRunbook { get; init; }

    /// <summary>The safe steps offered after a run (<c>next:</c>).</summary>
    public IReadOnlyList<ChatNetOps.Core.Checks.NextStep> Next { get; init; } = [];

    public bool IsStateChanging => Mode == RunbookMode.StateChanging;

    /// <summary>State-changing runbooks always need an incident id.</summary>
    public bool RequiresIncident => IsStateChanging;

    public RunbookInput? FindInput(string name) =>
        Inputs.FirstOrDefault(i => string.Equals(i.Name, name, StringComparison.OrdinalIgnoreCase));

    public bool Targets(Device device) =>
        Platforms.Contains(device.Platform)
        && (DeviceGroups.Count == 0 || DeviceGroups.Any(device.InGroup));
}
