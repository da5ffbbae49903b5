using System.Text;

namespace Infra.Blueprint.Edge;

/// <summary>Writes nginx-style configuration: lines, blocks, four-space indentation, '\n' line ends.</summary>
internal sealed class ConfWriter
{
    private readonly StringBuilder _text = new();
    private int _depth;

    public void Line(string line) => _text.Append(' ', _depth * 4).Append(line).Append('\n');

    public void Blank() => _text.Append('\n');

    public void Open(string block)
    {
        Line(block + " {");
        _depth++;
    }

    public void Close()
    {
        _depth--;
        Line("}");
    }

    public void Block(string block, Action body)
    {
        Open(block);
        body();
        Close();
    }

    public override string ToString() => _text.ToString();
}
