namespace ChatNetOps.Conversation.Cards.Model;

public enum TextColor
{
    Default,
    Dark,
    Light,
    Accent,
    Good,
    Warning,
    Attention,
}
