namespace ChatNetOps.Teams.Activities;

/// <summary>Where to deliver: a trusted serviceUrl, the conversation (thread) id to post in, and the policy key.</summary>
internal sealed record TeamsTarget(Uri ServiceUrl, string ReplyId, string Key);
