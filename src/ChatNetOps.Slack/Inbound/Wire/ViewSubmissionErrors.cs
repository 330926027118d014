namespace ChatNetOps.Slack.Inbound.Wire;

/// <summary>A view_submission answer that keeps the modal open and shows errors beside inputs (keyed by block_id).</summary>
internal sealed record ViewSubmissionErrors(IReadOnlyDictionary<string, string> Errors)
{
    public string ResponseAction { get; init; } = "errors";
}
