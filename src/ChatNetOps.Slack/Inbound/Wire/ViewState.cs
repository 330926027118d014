namespace ChatNetOps.Slack.Inbound.Wire;

/// <summary><c>view.state.values[block_id][action_id]</c>.</summary>
internal sealed record ViewState
{
    public IReadOnlyDictionary<string, IReadOnlyDictionary<string, ViewStateValue>>? Values { get; init; }
}
