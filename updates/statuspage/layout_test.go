package statuspage

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// timelineBoxesJS measures, for every timeline entry, where its time, its
// dot (the ::before of .entry-main), its label and its text are drawn, and
// returns each pair that overlaps ("entry 2: time 3:24 PM GMT+9 and dot").
// Text is measured as drawn (a Range over it), not as its box: a line that
// does not fit spills out of its box onto its neighbours. Anything drawn
// beyond the timeline card counts too.
const timelineBoxesJS = `(() => {
  const textBox = el => { const r = document.createRange(); r.selectNodeContents(el); return r.getBoundingClientRect(); };
  const dotBox = main => {
    const s = getComputedStyle(main, '::before');
    const cb = getComputedStyle(main).position === 'static' ? main.parentElement : main;
    const o = cb.getBoundingClientRect();
    const x = o.left + cb.clientLeft + parseFloat(s.left), y = o.top + cb.clientTop + parseFloat(s.top);
    const w = parseFloat(s.width) + parseFloat(s.borderLeftWidth) + parseFloat(s.borderRightWidth);
    const h = parseFloat(s.height) + parseFloat(s.borderTopWidth) + parseFloat(s.borderBottomWidth);
    return { left: x, top: y, right: x + w, bottom: y + h };
  };
  const overlap = (a, b) => a.left < b.right - 0.5 && b.left < a.right - 0.5 && a.top < b.bottom - 0.5 && b.top < a.bottom - 0.5;
  const card = document.querySelector('.card.timeline').getBoundingClientRect();
  const found = [];
  const entries = document.querySelectorAll('#timeline .entry');
  if (entries.length < 3) return ['only ' + entries.length + ' timeline entries drawn'];
  entries.forEach((li, i) => {
    const time = li.querySelector('time'), main = li.querySelector('.entry-main');
    const parts = [
      ['time ' + time.textContent, textBox(time)],
      ['dot', dotBox(main)],
      ['label ' + main.querySelector('.entry-label').textContent, textBox(main.querySelector('.entry-label'))],
      ['text', textBox(main.querySelector('.text'))],
    ];
    for (let a = 0; a < parts.length; a++) {
      const [name, box] = parts[a];
      if (box.left < card.left || box.right > card.right) found.push('entry ' + i + ': ' + name + ' is drawn beyond the card');
      for (let b = a + 1; b < parts.length; b++) {
        if (overlap(box, parts[b][1])) found.push('entry ' + i + ': ' + name + ' and ' + parts[b][0]);
      }
    }
  });
  return found;
})()`

// The timeline's times name their zone and are longer for it ("4:53 PM
// GMT+9"): at phone width above all, they must not be drawn over the dot
// and the label next to them. 360 px is the common phone, 320 the
// narrowest still sold, 480 near the widest the phone layout serves; 800
// and 1280 are the two-column layout. India's "GMT+5:30" is among the
// longest short zone names Chromium writes.
func TestBrowserTimelineTimesDoNotOverlap(t *testing.T) {
	ctx := newBrowser(t)
	p := seeded(t)
	_ = p.Send(context.Background(), revisedToTomorrow())
	srv := serve(t, p, "")
	ctx, cancel := context.WithTimeout(ctx, 90*time.Second)
	defer cancel()
	for _, zone := range []string{"Asia/Tokyo", "Asia/Kolkata"} {
		viewAs(t, ctx, zone, "en-US")
		for _, width := range []int64{360, 320, 420, 480, 800, 1280} {
			t.Run(fmt.Sprintf("%s at %d px", zone, width), func(t *testing.T) {
				err := chromedp.Do(ctx,
					chromedp.EmulateViewport(width, 800, chromedp.EmulateMobile),
					chromedp.Navigate(srv.URL+"/"),
					chromedp.Poll[chromedp.Void](`document.getElementById('live').dataset.state === 'live'`),
					// The times are rewritten into the viewer's zone once the page has its data.
					chromedp.Poll[chromedp.Void](`document.querySelector('#timeline .entry time').textContent.includes('GMT+')`),
				)
				if err != nil {
					t.Fatal(err)
				}
				for _, o := range eval[[]string](t, ctx, timelineBoxesJS) {
					t.Error(o)
				}
			})
		}
	}
}
