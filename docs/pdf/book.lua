-- pandoc filter for the book's PDF.

-- book.md starts with a Markdown table of contents for reading it on its own,
-- between <!-- contents --> and <!-- end contents -->. The PDF has LaTeX's.
function Pandoc(doc)
  local blocks, skipping = {}, false
  for _, block in ipairs(doc.blocks) do
    local html = block.t == "RawBlock" and block.format == "html" and block.text or nil
    if html and html:match("^<!%-%- contents %-%->") then
      skipping = true
    elseif html and html:match("^<!%-%- end contents %-%->") then
      skipping = false
    elseif not skipping then
      table.insert(blocks, block)
    end
  end
  doc.blocks = blocks
  return doc
end

-- The pixel size of a PNG, from its IHDR chunk (bytes 17–24), or nil.
local function png_size(path)
  local file = io.open(path, "rb")
  if not file then return nil end
  local header = file:read(24)
  file:close()
  if not header or #header < 24 or header:sub(2, 4) ~= "PNG" then return nil end
  local function u32(at)
    local a, b, c, d = header:byte(at, at + 3)
    return ((a * 256 + b) * 256 + c) * 256 + d
  end
  return u32(17), u32(21)
end

-- Figures fill the text width, whatever their pixel size; a tall one (a
-- diagram of the model, top to bottom) is sized by the page's height
-- instead, so it fits on one page.
function Image(image)
  if image.attributes.width or image.attributes.height then return image end
  local width, height = png_size(image.src)
  if width and height and height > 1.3 * width then
    image.attributes.height = "75%"
  else
    image.attributes.width = "100%"
  end
  return image
end

-- Tables. For a table wider than the page, pandoc sizes each column by the
-- dashes under its header, in proportion to the widest cells: a short column
-- next to a long one then gets less room than its one word needs, and the
-- words of neighbouring columns run together. Instead, every column gets the
-- room its longest cell needs, except the columns of long text, which share
-- what is left and wrap. A table that fits keeps LaTeX's natural widths.
local text_width_pt = 453      -- A4 with 2.5 cm margins
local column_gap_pt = 12       -- 2 × \tabcolsep
local char_pt = 6.0            -- a character of DejaVu Serif at \small, generously
local short_chars = 14         -- longer columns may wrap

function Table(tbl)
  local n = #tbl.colspecs
  local longest = {}
  for i = 1, n do longest[i] = 1 end
  local function measure(rows)
    for _, row in ipairs(rows) do
      for i, cell in ipairs(row.cells) do
        local length = utf8.len(pandoc.utils.stringify(cell.contents)) or 1
        if i <= n and length > longest[i] then longest[i] = length end
      end
    end
  end
  measure(tbl.head.rows)
  for _, body in ipairs(tbl.bodies) do measure(body.body) end

  local room = (text_width_pt - column_gap_pt * (n - 1)) / char_pt  -- in characters
  local total, short, long = 0, 0, 0
  for i = 1, n do
    total = total + longest[i]
    if longest[i] <= short_chars then short = short + longest[i] + 1
    else long = long + longest[i] end
  end
  for i = 1, n do
    local width = nil  -- natural: the table fits
    if total > room then
      if longest[i] <= short_chars or long == 0 then
        width = (longest[i] + 1) / room
      else
        width = math.max(0, 1 - short / room) * longest[i] / long
      end
    end
    tbl.colspecs[i] = {tbl.colspecs[i][1], width}
  end
  return tbl
end

-- A path in running text (`Tests/BookTests/TorchParityTests.swift`) is one
-- unbreakable word to LaTeX and can run past the margin: let it break after
-- each slash.
function Code(code)
  if not code.text:find("/") then return nil end
  local inlines = {}
  for part in code.text:gmatch("[^/]*/?") do
    if part ~= "" then
      if #inlines > 0 then table.insert(inlines, pandoc.RawInline("latex", "\\allowbreak{}")) end
      table.insert(inlines, pandoc.Code(part, code.attr))
    end
  end
  return inlines
end
