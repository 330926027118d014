namespace ChatNetOps.Core.Policy;

public enum ChatPlatform
{
    Slack,
    Teams,
    Console,
}
