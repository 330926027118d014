namespace ChatNetOps.Slack.BlockKit;

using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using ChatNetOps.Conversation.Cards;
using ChatNetOps.Conversation.Cards.Model;
using ChatNetOps.Slack.BlockKit.Blocks;
using ChatNetOps.Slack.BlockKit.Elements;
using E = ChatNetOps.Conversation.Cards.Model.AdaptiveElement;

/// <summary>
/// Translates an expanded Adaptive Card (1.5), read as an <see cref="AdaptiveCard"/>, into a Block Kit message, always within Slack's limits
/// (<see cref="BlockKitLimits"/>), stating every cut in the message itself:
/// <list type="bullet">
/// <item>TextBlock: Large/ExtraLarge or heading style → header; Monospace → preformatted sections; others merge into
/// sections as escaped mrkdwn (Bolder → bold, Warning/Attention → an emoji). Card text is Markdown made literal by
/// <see cref="ChatNetOps.Conversation.Cards.CardText"/>: its escapes are read back, so user text never becomes markup.</item>
/// <item>RichTextBlock → its text runs, escaped (Bolder runs bold); Teams' CodeBlock → preformatted sections (its fallback is
/// for clients without CodeBlock).</item>
/// <item>FactSet → section fields, 10 per section. Container, ColumnSet, Column → flattened (separator → divider).
/// Image → image block. Hidden elements (isVisible false) are left out, and so is Action.ToggleVisibility unless it has an Action.Execute fallback (rendered as that button).</item>
/// <item>Action.Execute / Action.Submit → buttons (verb in action_id, data as JSON in value ≤ 2,000 characters);
/// Action.OpenUrl → link button; positive/destructive style (or approve/reject) → primary/danger. An ActionSet of one
/// button right after text becomes that section's accessory.</item>
/// <item>Inputs → a modal (<see cref="CardForm"/>) that the button of each action using them opens via views.open.</item>
/// <item>The approvers of an approval card (<see cref="ChatNetOps.Conversation.Messages.OutboundMessage.ApproverIds"/>, Slack
/// user ids) → an "Approvers: @a, @b" section and the same mentions in the notification text, so Slack notifies them.</item>
/// </list>
/// Every text is escaped (<c>&amp; &lt; &gt;</c>), the notification text included, and every mrkdwn text object is
/// <c>verbatim</c> (no automatic links or mentions): the only markup in a message is what the renderer writes itself.
/// </summary>
internal static class BlockKitRenderer
{
    /// <summary>The key in a button's value naming the stored form (or stashed data) behind it.</summary>
    public const string FormKey = "$form";

    public const string FormCallbackId = "chatnetops-form";

    private const int MaxPreformattedSections = 8;
    private const int MaxNotes = 5;
    private const int MaxTrailingActionBlocks = 4;

    private static readonly Dictionary<string, string> VerbStyles = new(StringComparer.OrdinalIgnoreCase)
    {
        ["approve"] = ButtonElement.Primary,
        ["reject"] = ButtonElement.Danger,
    };

    /// <summary>A message of plain text (escaped, in the blocks and in the notification text), cut to the section limit.</summary>
    public static SlackMessage RenderText(string text)
    {
        var mrkdwn = Mrkdwn.Truncate(Mrkdwn.Escape(text.Length == 0 ? " " : text), BlockKitLimits.SectionText);
        return new SlackMessage(NotificationText(text.Length == 0 ? " " : text, BlockKitLimits.MessageText), [new SectionBlock { Text = TextObject.Markdown(mrkdwn) }]);
    }

    /// <summary>
    /// The message's top-level <c>text</c> (notifications, screen readers): Slack parses it as mrkdwn, so it is escaped like
    /// the blocks, then cut to <paramref name="max"/> characters without splitting an entity.
    /// </summary>
    private static string NotificationText(string text, int max)
    {
        var escaped = Mrkdwn.Escape(text);
        return escaped.Length <= max ? escaped : escaped[..Mrkdwn.SafeCut(escaped, max - 1)] + "…";
    }

    /// <summary>The card as a Block Kit message, mentioning <paramref name="approverIds"/> (Slack user ids; anything else is ignored).</summary>
    public static BlockKitRendering Render(JsonObject card, string fallbackText, IReadOnlyList<string>? approverIds = null)
    {
        ArgumentNullException.ThrowIfNull(card);
        var parsed = AdaptiveCard.Parse(card);
        var state = new State(CountInputs(parsed.Body) > 0);
        state.Walk(parsed.Body);
        state.Flush();
        var bodyEnd = state.Blocks.Count;
        state.Actions(parsed.Actions, inline: false);

        var body = state.Blocks.Take(bodyEnd).ToList();
        var mentions = ApproverMentions(approverIds ?? []);
        if (mentions is not null)
        {
            body.Add(new SectionBlock { Text = TextObject.Markdown(Mrkdwn.Truncate("*Approvers:* " + mentions, BlockKitLimits.SectionText)) });
        }

        var trailing = state.Blocks.Skip(bodyEnd).Take(MaxTrailingActionBlocks).ToList();
        var notes = state.Notes;
        if (body.Count == 0 && trailing.Count == 0)
        {
            body.Add(new SectionBlock { Text = TextObject.Markdown(Mrkdwn.Truncate(Mrkdwn.Escape(fallbackText.Length == 0 ? " " : fallbackText), BlockKitLimits.SectionText)) });
        }

        var budget = BlockKitLimits.MessageBlocks - trailing.Count - 1;
        if (body.Count > budget)
        {
            var removed = body.Count - budget;
            body.RemoveRange(budget, removed);
            notes.Insert(0, string.Create(CultureInfo.InvariantCulture, $":scissors: {removed} more blocks not shown: Slack allows {BlockKitLimits.MessageBlocks} per message. `status REQUEST-ID --json` has everything."));
        }

        var blocks = new List<Block>(body);
        if (notes.Count > 0)
        {
            blocks.Add(new ContextBlock([.. notes.Take(MaxNotes).Select(n => TextObject.Markdown(Mrkdwn.Truncate(n, BlockKitLimits.ContextText)))]));
        }

        blocks.AddRange(trailing);

        var forms = state.Forms.Select(f => f with
        {
            Title = Mrkdwn.Cut(state.IsFormOnly && state.Heading is { } heading ? heading : f.Title, BlockKitLimits.ModalTitle),
            Intro = state.IsFormOnly && f.UsesInputs ? body.Where(b => b is not HeaderBlock and not ActionsBlock).ToArray() : [],
            Inputs = f.UsesInputs ? state.Inputs : [],
        }).ToArray();

        // The notification text carries the dialog's text, which holds user data: escaped first, then the bot's own mentions.
        var text = fallbackText.Length == 0 ? state.Heading ?? "ChatNetOps" : fallbackText;
        if (mentions is not null)
        {
            // Cut the message, never the mentions that make Slack notify the approvers.
            var tail = "\nApprovers: " + mentions;
            text = NotificationText(text, Math.Max(100, BlockKitLimits.MessageText - tail.Length)) + tail;
        }
        else
        {
            text = NotificationText(text, BlockKitLimits.MessageText);
        }
        return new BlockKitRendering(new SlackMessage(text, blocks), forms, state.IsFormOnly);
    }

    /// <summary>
    /// <c>&lt;@U…&gt;</c> mentions for the Slack user ids among <paramref name="ids"/>; null when there are none. Anything
    /// that is not a Slack user id is ignored, so no other markup can ride along.
    /// </summary>
    private static string? ApproverMentions(IEnumerable<string> ids)
    {
        var mentions = ids.Where(IsSlackUserId)
            .Distinct(StringComparer.Ordinal)
            .Select(id => $"<@{id}>")
            .ToList();
        return mentions.Count == 0 ? null : string.Join(", ", mentions);
    }

    private static bool IsSlackUserId(string id) =>
        id.Length is >= 3 and <= 32 && (id[0] is 'U' or 'W') && id.All(c => c is (>= 'A' and <= 'Z') or (>= '0' and <= '9'));

    /// <summary>The modal for a form: its intro, its inputs, and where it came from in private_metadata.</summary>
    public static ModalView RenderModal(CardForm form, FormMetadata metadata)
    {
        ArgumentNullException.ThrowIfNull(form);
        var blocks = form.Intro.Concat(form.Inputs.Select(i => i.Block)).ToList();
        if (blocks.Count > BlockKitLimits.ModalBlocks)
        {
            // Inputs matter more than the intro; intro goes first.
            blocks = [.. form.Intro.Take(Math.Max(0, BlockKitLimits.ModalBlocks - form.Inputs.Count)).Concat(form.Inputs.Select(i => i.Block)).Take(BlockKitLimits.ModalBlocks)];
        }

        if (blocks.Count == 0)
        {
            blocks.Add(new SectionBlock { Text = TextObject.Markdown(Mrkdwn.Escape("Confirm: " + form.SubmitLabel)) });
        }

        var json = JsonSerializer.Serialize(metadata, SlackJsonContext.Default.FormMetadata);
        if (json.Length > BlockKitLimits.PrivateMetadata)
        {
            json = JsonSerializer.Serialize(metadata with { ResponseUrl = null }, SlackJsonContext.Default.FormMetadata);
        }

        return new ModalView(TextObject.Plain(Mrkdwn.Cut(form.Title.Length == 0 ? "ChatNetOps" : form.Title, BlockKitLimits.ModalTitle)), blocks)
        {
            Submit = TextObject.Plain(Mrkdwn.Cut(form.SubmitLabel.Length == 0 ? "Submit" : form.SubmitLabel, BlockKitLimits.ModalButton)),
            Close = TextObject.Plain("Cancel"),
            CallbackId = FormCallbackId,
            PrivateMetadata = json,
        };
    }

    /// <summary>The visible inputs of the card body (the ones a form shows).</summary>
    private static int CountInputs(IEnumerable<AdaptiveElement> items) => items.Where(e => e.IsVisible).Sum(e => e switch
    {
        E.Input => 1,
        E.Container container => CountInputs(container.Items),
        E.ColumnSet columns => CountInputs(columns.Columns),
        _ => 0,
    });

    private static string NewId() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12));

    /// <summary>One rendering in progress.</summary>
    private sealed class State(bool cardHasInputs)
    {
        private readonly StringBuilder _run = new();
        private readonly HashSet<string> _actionIds = new(StringComparer.Ordinal);
        private int _formButtons;
        private int _otherButtons;
        private int _runSection = -1;
        private TextColor? _tone;
        private bool _tonePending;

        public List<Block> Blocks { get; } = [];

        public List<string> Notes { get; } = [];

        public List<CardForm> Forms { get; } = [];

        public List<FormInput> Inputs { get; } = [];

        public string? Heading { get; private set; }

        public bool IsFormOnly => _formButtons > 0 && _otherButtons == 0;

        public void Walk(IEnumerable<AdaptiveElement> items)
        {
            foreach (var element in items.Where(e => e.IsVisible))
            {
                if (element.Separator && Blocks.Count > 0)
                {
                    Flush();
                    Blocks.Add(new DividerBlock());
                }

                switch (element)
                {
                    case E.TextBlock block:
                        Text(block);
                        break;
                    case E.RichTextBlock rich:
                        RichText(rich);
                        break;
                    case E.CodeBlock code:
                        Flush();
                        Preformatted(code.Snippet);
                        break;
                    case E.FactSet facts:
                        Flush();
                        Facts(facts.Facts);
                        break;
                    case E.Container container:
                        Flush();
                        var outer = (_tone, _tonePending);
                        if (Tone(container.Style) is { } tone)
                        {
                            (_tone, _tonePending) = (tone, true);
                        }

                        Walk(container.Items);
                        (_tone, _tonePending) = outer;
                        Flush();
                        break;
                    case E.ColumnSet columns:
                        Flush();
                        Walk(columns.Columns);
                        Flush();
                        break;
                    case E.Image image:
                        Flush();
                        Image(image);
                        break;
                    case E.ImageSet images:
                        Flush();
                        foreach (var image in images.Images)
                        {
                            Image(image);
                        }

                        break;
                    case E.ActionSet set:
                        Flush();
                        Actions(set.Actions, inline: true);
                        break;
                    case E.Input input:
                        Flush();
                        Input(input);
                        break;
                    case E.Unknown unknown:
                        Notes.Add(Mrkdwn.Escape($"(a {(unknown.Type.Length == 0 ? "card element" : unknown.Type)} is not shown in Slack)"));
                        break;
                    default:
                        throw new UnreachableException($"No Block Kit rendering for {element.GetType().Name}.");
                }
            }
        }

        public void Flush()
        {
            if (_run.Length == 0)
            {
                return;
            }

            Blocks.Add(new SectionBlock { Text = TextObject.Markdown(Mrkdwn.Truncate(_run.ToString(), BlockKitLimits.SectionText)) });
            _runSection = Blocks.Count - 1;
            _run.Clear();
        }

        public void Actions(IReadOnlyList<AdaptiveAction> actions, bool inline)
        {
            // action_id must be unique within a block; each ActionSet becomes its own block(s).
            _actionIds.Clear();
            var buttons = actions.Where(a => a.IsEnabled).Select(ToButton).OfType<ButtonElement>().ToList();
            if (buttons.Count == 0)
            {
                return;
            }

            if (inline && buttons.Count == 1 && _runSection == Blocks.Count - 1 && Blocks[^1] is SectionBlock { Accessory: null, Fields: null } section)
            {
                Blocks[^1] = section with { Accessory = buttons[0] };
                return;
            }

            foreach (var chunk in buttons.Chunk(BlockKitLimits.ActionsElements))
            {
                Blocks.Add(new ActionsBlock(chunk));
            }
        }

        private ButtonElement? ToButton(AdaptiveAction action)
        {
            switch (action)
            {
                case AdaptiveAction.OpenUrl open:
                    var url = open.Url ?? string.Empty;
                    if (!Mrkdwn.IsWebUrl(url) || url.Length > BlockKitLimits.ButtonUrl)
                    {
                        Notes.Add(Mrkdwn.Escape($"(link \"{action.Title}\" not shown: its URL is not a web address Slack accepts)"));
                        return null;
                    }

                    _otherButtons++;
                    return new ButtonElement(TextObject.Plain(Mrkdwn.Cut(action.Title ?? "Open", BlockKitLimits.ButtonText)))
                    {
                        ActionId = UniqueActionId("openUrl"),
                        Url = url,
                        Style = Style(action, null),
                    };
                case AdaptiveAction.Execute execute:
                    var verb = execute.Verb ?? (execute.Type == "Action.Execute" ? "execute" : "submit");
                    return Button(verb, action.Title ?? verb, execute.Data, cardHasInputs && execute.AssociatesInputs, Style(action, verb));
                case AdaptiveAction.ToggleVisibility toggle:
                    // Hidden elements are not rendered on Slack, so there is nothing to toggle; the action's fallback
                    // (e.g. a "Raw output" button the bot answers) stands in when the card declares one.
                    return toggle.Fallback is AdaptiveAction.Execute fallback ? ToButton(fallback) : null;
                case AdaptiveAction.ShowCard or AdaptiveAction.Unknown:
                    Notes.Add(Mrkdwn.Escape($"(action \"{action.Title ?? action.Type}\" is not available in Slack)"));
                    return null;
                default:
                    throw new UnreachableException($"No Block Kit rendering for {action.GetType().Name}.");
            }
        }

        private ButtonElement Button(string verb, string title, JsonObject data, bool usesInputs, string? style)
        {
            CardForm? form = null;
            if (usesInputs)
            {
                form = new CardForm(NewId(), verb, (JsonObject)data.DeepClone(), title, title) { UsesInputs = true };
                Forms.Add(form);
                _formButtons++;
            }
            else
            {
                _otherButtons++;
            }

            var value = (JsonObject)data.DeepClone();
            if (form is not null)
            {
                value[FormKey] = form.Id;
            }

            var json = value.ToJsonString();
            if (json.Length > BlockKitLimits.ButtonValue)
            {
                // Too much data for a button: keep it server-side (a form without inputs) and send only its id.
                form ??= AddStash(verb, title, data);
                json = new JsonObject { [FormKey] = form.Id }.ToJsonString();
            }

            return new ButtonElement(TextObject.Plain(Mrkdwn.Cut(title.Length == 0 ? verb : title, BlockKitLimits.ButtonText)))
            {
                ActionId = UniqueActionId(verb),
                Value = json,
                Style = style,
            };
        }

        private CardForm AddStash(string verb, string title, JsonObject data)
        {
            var stash = new CardForm(NewId(), verb, (JsonObject)data.DeepClone(), title, title) { Inputs = [] };
            Forms.Add(stash);
            return stash;
        }

        private string UniqueActionId(string verb)
        {
            var id = Mrkdwn.Cut(verb, BlockKitLimits.ActionId - 8);
            if (_actionIds.Add(id))
            {
                return id;
            }

            for (var n = 2; ; n++)
            {
                var candidate = string.Create(CultureInfo.InvariantCulture, $"{id}#{n}");
                if (_actionIds.Add(candidate))
                {
                    return candidate;
                }
            }
        }

        private static string? Style(AdaptiveAction action, string? verb) => action.Style switch
        {
            ActionStyle.Positive => ButtonElement.Primary,
            ActionStyle.Destructive => ButtonElement.Danger,
            _ => verb is not null && VerbStyles.TryGetValue(verb, out var style) ? style : null,
        };

        private void Text(E.TextBlock block)
        {
            if (string.IsNullOrWhiteSpace(block.Text))
            {
                return;
            }

            var color = block.Color == TextColor.Default ? null : (TextColor?)block.Color;
            if (_tonePending)
            {
                // The first text of a good/attention/warning container carries the container's tone (its emoji).
                color ??= _tone;
                _tonePending = false;
            }

            if (block.IsHeading || block.Size is TextSize.Large or TextSize.ExtraLarge)
            {
                Flush();
                var plain = CardText.Unescape(block.Text.Replace("**", string.Empty, StringComparison.Ordinal));
                Heading ??= plain;
                var emoji = color switch
                {
                    TextColor.Good => ":white_check_mark: ",
                    TextColor.Attention => ":x: ",
                    TextColor.Warning => ":warning: ",
                    _ => string.Empty,
                };
                Blocks.Add(new HeaderBlock(TextObject.Plain(Mrkdwn.Cut(emoji + plain, BlockKitLimits.HeaderText))));
                return;
            }

            if (block.Monospace)
            {
                Flush();
                Preformatted(CardText.Unescape(block.Text));
                return;
            }

            AppendRun(block.Bolder, Mrkdwn.FromAdaptive(block.Text), color);
        }

        /// <summary>A RichTextBlock's runs: literal text (runs are not Markdown), escaped; Bolder runs bold; Monospace runs preformatted.</summary>
        private void RichText(E.RichTextBlock rich)
        {
            var runs = rich.Inlines.Where(r => r.Text.Length > 0).ToList();
            if (runs.Count == 0 || runs.All(r => string.IsNullOrWhiteSpace(r.Text)))
            {
                return;
            }

            if (runs.All(r => r.Monospace))
            {
                Flush();
                Preformatted(string.Concat(runs.Select(r => r.Text)));
                return;
            }

            var mrkdwn = string.Concat(runs.Select(r => r.Bolder ? Mrkdwn.Bold(Mrkdwn.Escape(r.Text)) : Mrkdwn.Escape(r.Text)));
            AppendRun(rich.Bolder, mrkdwn, rich.Color);
        }

        /// <summary>A container style as the colour its first text stands for in Slack (good ✅, attention 🔴/❌, warning ⚠️).</summary>
        private static TextColor? Tone(ContainerStyle style) => style switch
        {
            ContainerStyle.Good => TextColor.Good,
            ContainerStyle.Attention => TextColor.Attention,
            ContainerStyle.Warning => TextColor.Warning,
            _ => null,
        };

        private void AppendRun(bool bolder, string mrkdwn, TextColor? color)
        {
            if (bolder)
            {
                mrkdwn = Mrkdwn.Bold(mrkdwn);
            }

            mrkdwn = color switch
            {
                TextColor.Warning => ":warning: " + mrkdwn,
                TextColor.Attention => ":red_circle: " + mrkdwn,
                _ => mrkdwn,
            };
            if (_run.Length > 0 && _run.Length + 1 + mrkdwn.Length > BlockKitLimits.SectionText)
            {
                Flush();
            }

            if (_run.Length > 0)
            {
                _run.Append('\n');
            }

            _run.Append(mrkdwn);
        }

        private void Preformatted(string text)
        {
            var escaped = Mrkdwn.Escape(text.Replace("\r\n", "\n", StringComparison.Ordinal)).Replace("```", "`\u200B``", StringComparison.Ordinal);
            const int chunk = BlockKitLimits.SectionText - 16;
            var sections = 0;
            var offset = 0;
            while (offset < escaped.Length && sections < MaxPreformattedSections)
            {
                var length = Math.Min(chunk, escaped.Length - offset);
                if (offset + length < escaped.Length)
                {
                    var newline = escaped.LastIndexOf('\n', offset + length - 1, length);
                    if (newline > offset + (length / 2))
                    {
                        length = newline - offset + 1;
                    }

                    length = Mrkdwn.SafeCut(escaped.Substring(offset, length), length) is var safe && safe > 0 ? safe : length;
                }

                Blocks.Add(new SectionBlock { Text = TextObject.Markdown(Mrkdwn.Preformatted(escaped.Substring(offset, length).TrimEnd('\n'))) });
                offset += length;
                sections++;
            }

            if (offset < escaped.Length)
            {
                Notes.Add(string.Create(CultureInfo.InvariantCulture, $":scissors: Output cut for Slack: {escaped.Length - offset} more characters not shown; the full output is in the JSON result (`status REQUEST-ID --json`)."));
            }
        }

        private void Facts(IReadOnlyList<Fact> facts)
        {
            var fields = new List<TextObject>();
            foreach (var fact in facts)
            {
                var title = Mrkdwn.FromAdaptive(fact.Title);
                var value = Mrkdwn.FromAdaptive(fact.Value);
                if (title.Length == 0 && value.Length == 0)
                {
                    continue;
                }

                var text = title.Length == 0 ? value : value.Length == 0 ? Mrkdwn.Bold(title) : Mrkdwn.Bold(title) + "\n" + value;
                fields.Add(TextObject.Markdown(Mrkdwn.Truncate(text, BlockKitLimits.FieldText)));
            }

            foreach (var chunk in fields.Chunk(BlockKitLimits.SectionFields))
            {
                Blocks.Add(new SectionBlock { Fields = chunk });
            }
        }

        private void Image(E.Image image)
        {
            var url = image.Url ?? string.Empty;
            if (!Mrkdwn.IsWebUrl(url) || url.Length > BlockKitLimits.ImageUrl)
            {
                Notes.Add("(an image is not shown: its URL is not a web address Slack accepts)");
                return;
            }

            Blocks.Add(new ImageBlock(url, Mrkdwn.Cut(string.IsNullOrWhiteSpace(image.AltText) ? "image" : image.AltText, BlockKitLimits.AltText)));
        }

        private void Input(E.Input input)
        {
            var id = input.Id;
            if (string.IsNullOrEmpty(id) || id.Length > BlockKitLimits.BlockId)
            {
                Notes.Add(Mrkdwn.Escape($"(an {input.Type} without a usable id is not shown)"));
                return;
            }

            var label = TextObject.Plain(Mrkdwn.Cut(input.Label ?? input.Placeholder ?? id, BlockKitLimits.InputLabel));
            var required = input.IsRequired;
            var value = input.Value;
            Block block;
            switch (input)
            {
                case E.NumberInput number:
                    block = new InputBlock(label, new NumberInputElement(false)
                    {
                        ActionId = id,
                        MinValue = number.Min?.ToString(CultureInfo.InvariantCulture),
                        MaxValue = number.Max?.ToString(CultureInfo.InvariantCulture),
                        InitialValue = decimal.TryParse(value, NumberStyles.Number, CultureInfo.InvariantCulture, out var initial) ? initial.ToString(CultureInfo.InvariantCulture) : null,
                    })
                    { BlockId = id, Optional = !required };
                    break;
                case E.ChoiceSetInput choices:
                    block = Choices(choices, id, label, required, value);
                    break;
                case E.ToggleInput toggle:
                    var options = new List<Option> { new(TextObject.Plain("Yes"), Mrkdwn.Cut(toggle.ValueOn, BlockKitLimits.OptionValue)), new(TextObject.Plain("No"), Mrkdwn.Cut(toggle.ValueOff, BlockKitLimits.OptionValue)) };
                    var toggleLabel = TextObject.Plain(Mrkdwn.Cut(toggle.Title ?? label.Text, BlockKitLimits.InputLabel));
                    block = new InputBlock(toggleLabel, new StaticSelectElement(options) { ActionId = id, InitialOption = options.FirstOrDefault(o => o.Value == value) }) { BlockId = id, Optional = !required };
                    break;
                case E.TextInput or E.DateInput or E.TimeInput:
                    var text = input as E.TextInput;
                    var hint = input switch
                    {
                        E.DateInput => "YYYY-MM-DD",
                        E.TimeInput => "HH:MM",
                        _ => null,
                    };
                    var max = text?.MaxLength is > 0 and var maxLength ? Math.Min(maxLength, BlockKitLimits.PlainTextInputMaxLength) : (int?)null;
                    var placeholder = input.Placeholder is { Length: > 0 } p ? TextObject.Plain(Mrkdwn.Cut(p, BlockKitLimits.Placeholder)) : null;
                    block = new InputBlock(label, new PlainTextInputElement
                    {
                        ActionId = id,
                        Multiline = text?.IsMultiline == true ? true : null,
                        MaxLength = max,
                        InitialValue = string.IsNullOrEmpty(value) ? null : Mrkdwn.Cut(value, max ?? BlockKitLimits.PlainTextInputMaxLength),
                        Placeholder = placeholder ?? (hint is null ? null : TextObject.Plain(hint)),
                    })
                    { BlockId = id, Optional = !required };
                    break;
                default:
                    throw new UnreachableException($"No Block Kit rendering for {input.GetType().Name}.");
            }

            Inputs.Add(new FormInput(id, block)
            {
                Regex = (input as E.TextInput)?.Regex,
                ErrorMessage = input.ErrorMessage,
                Required = required,
            });
        }

        private static Block Choices(E.ChoiceSetInput input, string id, TextObject label, bool required, string? value)
        {
            var options = input.Choices
                .Where(c => c.Value.Length is > 0 and <= BlockKitLimits.OptionValue)
                .Take(BlockKitLimits.SelectOptions)
                .Select(c => new Option(TextObject.Plain(Mrkdwn.Cut(c.Title.Length == 0 ? c.Value : c.Title, BlockKitLimits.OptionText)), c.Value))
                .ToList();
            if (options.Count == 0)
            {
                return new SectionBlock { BlockId = id, Text = TextObject.Markdown(Mrkdwn.Escape($"{label.Text}: no choices are available.")) };
            }

            string? hint = null;
            if (input.Choices.Count > options.Count)
            {
                hint = string.Create(CultureInfo.InvariantCulture, $"Showing {options.Count} of {input.Choices.Count} choices (Slack lists at most {BlockKitLimits.SelectOptions}; choices with values over {BlockKitLimits.OptionValue} characters are left out).");
            }

            return new InputBlock(label, new StaticSelectElement(options)
            {
                ActionId = id,
                InitialOption = string.IsNullOrEmpty(value) ? null : options.FirstOrDefault(o => o.Value == value),
            })
            {
                BlockId = id,
                Optional = !required,
                Hint = hint is null ? null : TextObject.Plain(hint),
            };
        }
    }
}
