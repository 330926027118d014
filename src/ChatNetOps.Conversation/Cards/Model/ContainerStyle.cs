namespace ChatNetOps.Conversation.Cards.Model;

public enum ContainerStyle
{
    Default,
    Emphasis,
    Good,
    Attention,
    Warning,
    Accent,
}
