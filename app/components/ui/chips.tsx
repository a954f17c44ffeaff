/** A list of short labels (certificates, processes, materials); a dash when there are none. */
export function Chips({ items }: { items: string[] }) {
  if (items.length === 0) return <span className="empty">—</span>;
  return (
    <ul className="chips">
      {items.map((item) => (
        <li key={item}>{item}</li>
      ))}
    </ul>
  );
}
