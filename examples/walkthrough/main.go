// Command walkthrough replays clearance cases from the seeds on the embedded
// in-memory store.
package main

import (
	"fmt"

	"github.com/dandang/dandang"
)

func main() {
	cal := dandang.DefaultCalendar()
	d, _ := dandang.ParseDay("2023-09-27")
	fmt.Println("5 working days after", d, "is", cal.AddWorkdays(d, 5))
}
