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

-- Figures fill the text width, whatever their pixel size.
function Image(image)
  if not image.attributes.width then
    image.attributes.width = "100%"
  end
  return image
end
