namespace ChatNetOps.Slack.WebApi.Wire;

/// <summary>files.getUploadURLExternal answer: where to POST the bytes, and the id the upload is completed with.</summary>
internal sealed record UploadUrlResponse : SlackApiResponse
{
    public string? UploadUrl { get; init; }

    public string? FileId { get; init; }
}
